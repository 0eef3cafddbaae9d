// ssh2 is loaded on the first connection, not at start: it is the largest library
// runbook loads (~50 ms of CPU), and `--version`, `validate` or `--list-hosts` need none of it.
import { createRequire } from 'node:module';

type Ssh2 = typeof import('ssh2');
let ssh2: Ssh2 | undefined;

export function loadSsh2(): Ssh2 {
  ssh2 ??= createRequire(import.meta.url)('ssh2') as Ssh2;
  return ssh2;
}
