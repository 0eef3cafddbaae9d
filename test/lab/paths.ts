// Where labs live and which addresses they use.
//
// Each lab owns its own 127.0.N.0/24 on lo (Linux answers on all of 127/8 with no
// configuration), so labs started by different tools never fight over an address:
//   .lab/test     127.0.1.2, 127.0.1.3, …   the shared lab of the mocha run
//   .lab/manual   127.0.2.2, 127.0.2.3, …   `npm run lab -- up N`, by hand
//   127.0.3+      extra labs a test starts for itself (pass dir and firstAddress)
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEST_LAB = { dir: 'test', firstAddress: '127.0.1.2' } as const;
export const MANUAL_LAB = { dir: 'manual', firstAddress: '127.0.2.2' } as const;

/** The repository root: the nearest directory above this file with a package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('lab: cannot find the repository root (no package.json above test/lab)');
    dir = up;
  }
  return dir;
}

/** `<repo>/.lab/<name>` (the .lab directory is gitignored). */
export function labDir(name: string): string {
  return join(repoRoot(), '.lab', name);
}

/** The i-th address after `first` (i = 0 is `first`), carrying across octets. */
export function nthAddress(first: string, i: number): string {
  const parts = first.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`lab: not an IPv4 address: ${first}`);
  }
  const n = (((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]! + i) >>> 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
