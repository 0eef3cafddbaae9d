// script: copies a controller script (from files/) to a new temp directory on the
// host and runs it there with the rest of the line as its arguments, as Ansible
// 2.14's script action: creates/removes skip the task, chdir must be absolute,
// `executable` runs it (python3 …), and under --check it is skipped unless a
// creates/removes guard was given (then it only says it would run).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { shellJoin } from '../quote.js';
import type { ArgsOf, ArgsSchema, ModuleDef, ModulePlan } from './contract.js';

const schema = {
  type: 'object',
  properties: {
    cmd: {
      type: 'string',
      minLength: 1,
      description: 'a script under files/ on the controller, then its arguments (as the shell takes them)',
    },
    creates: { type: 'string', minLength: 1, description: 'skip when this path exists on the host' },
    removes: { type: 'string', minLength: 1, description: 'skip when this path does not exist on the host' },
    chdir: { type: 'string', minLength: 1, description: 'an absolute directory on the host to run the script in' },
    executable: { type: 'string', minLength: 1, description: 'the program that runs the script, e.g. python3' },
    decrypt: {
      type: 'boolean',
      description: "Ansible's vault decryption of the script: accepted, runbook has no vault",
    },
  },
  required: ['cmd'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const script: ModuleDef<Args> = {
  name: 'script',
  summary: 'copy a script from files/ to the host and run it there',
  freeForm: 'cmd',
  // validate checks the script exists under files/, as it does copy's src.
  controllerSource: {
    kind: 'files',
    name: (args) => (typeof args.cmd === 'string' ? splitScript(args.cmd).name : undefined),
  },
  checkMode: 'full',
  schema,
  async plan(args, ctx): Promise<ModulePlan> {
    const { conn } = ctx;
    if (args.creates && (await conn.stat(args.creates)))
      return { changes: [], skipped: `${args.creates} exists, matching creates option` };
    if (args.removes && !(await conn.stat(args.removes)))
      return { changes: [], skipped: `${args.removes} does not exist, matching removes option` };
    if (args.chdir && !args.chdir.startsWith('/'))
      return { changes: [], failed: `chdir ${args.chdir} must be an absolute path for a Unix-aware remote node` };
    const { name, rest } = splitScript(args.cmd);
    let path: string;
    try {
      path = ctx.findFile('files', name);
    } catch (e) {
      return { changes: [], failed: `script ${name}: ${(e as Error).message}` };
    }
    // As Ansible: with a guard, --check says it would run; without one it cannot know.
    if (ctx.check && !args.creates && !args.removes)
      return { changes: [], skipped: 'Check mode is not supported for this task.' };
    const line = args.cmd.trim();
    return {
      changes: [
        {
          summary: `run the script ${line}`,
          async apply() {
            const dir = (await conn.exec('mktemp -d --tmpdir runbook-script.XXXXXXXXXX')).stdout.trim();
            if (!dir.startsWith('/')) return { failed: true, msg: `cannot make a temp directory on ${conn.host}` };
            try {
              const target = `${dir}/${basename(path)}`;
              await conn.writeFile(target, readFileSync(path), { mode: 0o700 });
              // The arguments are the shell's, as Ansible's script line (it runs through sh too).
              const run = `${args.executable ? `${shellJoin([args.executable])} ` : ''}${shellJoin([target])}${rest}`;
              const r = await conn.exec(args.chdir ? `cd ${shellJoin([args.chdir])} && ${run}` : run);
              const data = { rc: r.rc, stdout: r.stdout, stderr: r.stderr };
              if (r.rc !== 0) return { failed: true, changed: true, msg: 'non-zero return code', data };
              return { data };
            } finally {
              await conn.exec(`rm -rf ${shellJoin([dir])}`);
            }
          },
        },
      ],
    };
  },
};

/** The script's name (the first word, quotes allowed) and the rest of the line as written. */
export function splitScript(cmd: string): { name: string; rest: string } {
  const line = cmd.trim();
  const quoted = /^(['"])(.*?)\1/.exec(line);
  const first = quoted ? quoted[0] : (/^\S+/.exec(line)?.[0] ?? '');
  return { name: quoted ? quoted[2]! : first, rest: line.slice(first.length) };
}
