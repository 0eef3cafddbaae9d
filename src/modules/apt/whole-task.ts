// The apt tasks that are not about named packages: `upgrade` (every package) and
// `deb` (one file), each planned from what apt-get and dpkg say first, so that
// --check reports the same change and a re-run with nothing to do is ok.
import { shellJoin } from '../../quote.js';
import type { ModuleContext, ModulePlan } from '../contract.js';
import { lastLines } from '../package/manager.js';
import { readDebFile } from './deb-file.js';
import { runUpgrade, type UpgradeMode } from './upgrade.js';

const ENV = 'DEBIAN_FRONTEND=noninteractive LC_ALL=C';

/** A simulated upgrade decides; the change runs the real one. Results `msg`/`stdout` are apt-get's output, as Ansible's. */
export async function planUpgrade(
  ctx: ModuleContext,
  mode: UpgradeMode,
  words: string[],
  data: Record<string, unknown>,
): Promise<ModulePlan> {
  const sim = await runUpgrade(ctx.conn, mode, words, true);
  const out = { ...data, msg: sim.stdout, stdout: sim.stdout, stderr: sim.stderr };
  if (sim.rc !== 0)
    return {
      changes: [],
      data: { ...out, rc: sim.rc },
      failed: `'${sim.line}' failed: ${lastLines(sim.stdout, sim.stderr)}`,
    };
  const upgraded = [...sim.stdout.matchAll(/^Inst (\S+) \[(\S+)\] \((\S+)/gm)].map((m) => `${m[1]} ${m[2]} → ${m[3]}`);
  if (!sim.changed) return { changes: [], data: out };
  return {
    changes: [
      {
        summary: `apt-get ${mode === 'full' || mode === 'dist' ? 'dist-upgrade' : 'upgrade'}${upgraded.length ? `: ${upgraded.join(', ')}` : ''}`,
        async apply() {
          const r = await runUpgrade(ctx.conn, mode, words, false);
          const done = { ...data, msg: r.stdout, stdout: r.stdout, stderr: r.stderr };
          if (r.rc !== 0)
            return {
              failed: true,
              data: { ...done, rc: r.rc },
              msg: `'${r.line}' failed: ${lastLines(r.stdout, r.stderr)}`,
            };
          return { data: done };
        },
      },
    ],
    data: out,
  };
}

/** Installs the .deb unless dpkg has that package at that version already. */
export async function planDeb(
  ctx: ModuleContext,
  deb: string,
  words: string[],
  data: Record<string, unknown>,
): Promise<ModulePlan> {
  const file = await readDebFile(ctx.conn, deb);
  if (typeof file === 'string') return { changes: [], data, failed: file };
  if (file.installed === file.version) {
    await file.done();
    return { changes: [], data };
  }
  if (ctx.check) await file.done();
  const line = `${ENV} ${shellJoin([...words, 'install', file.path])}`;
  return {
    changes: [
      {
        summary: `install ${file.name} ${file.version} from ${deb}${file.installed ? ` (was ${file.installed})` : ''}`,
        diff: {
          path: 'apt packages',
          before: `${file.name} ${file.installed ?? '(not installed)'}\n`,
          after: `${file.name} ${file.version}\n`,
        },
        async apply() {
          try {
            const r = await ctx.conn.exec(line);
            const out = { ...data, stdout: r.stdout, stderr: r.stderr };
            if (r.rc !== 0)
              return { failed: true, data: { ...out, rc: r.rc }, msg: `'${line}' failed: ${r.stderr.trim()}` };
            return { data: out };
          } finally {
            await file.done();
          }
        },
      },
    ],
    data,
  };
}
