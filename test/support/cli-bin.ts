// The command line the tests and the bench run: the package's `bin`, the bundle
// that scripts/bundle-cli.js makes from dist/src/ (what users run). A `tsc`
// alone leaves that bundle older than the modules it holds; it is made again
// then, so a test never runs yesterday's command line.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lab/paths.js';

/** Absolute path of the `runbook` bin named in package.json. */
export function cliMain(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { bin: { runbook: string } };
  return join(repoRoot(), pkg.bin.runbook);
}

/** Bundles again when any module under dist/src/ is newer than the bin (or the bin is missing). */
export function freshBundle(): void {
  const bin = cliMain();
  const src = join(repoRoot(), 'dist', 'src');
  const binTime = mtimeOr0(bin);
  const newest = readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js') && !join(e.parentPath, e.name).startsWith(join(src, 'bin')))
    .reduce((m, e) => Math.max(m, statSync(join(e.parentPath, e.name)).mtimeMs), 0);
  if (binTime >= newest) return;
  const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'bundle-cli.js')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/bundle-cli.js failed:\n${r.stderr}`);
}

function mtimeOr0(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
