// SIMULATION, NOT CTR: `ctr -n k8s.io images import -` and `images ls -q` on a lab
// node (/usr/local/bin/ctr runs this). It needs containerd running, reads what the
// docker stand-in's `docker save` wrote (one "IMAGE <name>" line per image, padded
// to the image's size) and records the names in containerd's image store, which a
// restart keeps. Nothing else is answered.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CONTAINERD_IMAGES } from './state.js';
import { isActive, readText } from './sys.js';

const args = process.argv.slice(2).join(' ');
const fail = (msg: string): never => {
  process.stderr.write(`ctr: ${msg}\n`);
  process.exit(1);
};
if (!isActive('containerd')) fail('failed to dial "/run/containerd/containerd.sock": connection error: desc = "transport: error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory"');
if (args === '-n k8s.io images import -' || args === '--namespace k8s.io images import -') {
  const names = [...readFileSync(0, 'latin1').matchAll(/^IMAGE (\S+)$/gm)].map((m) => m[1]!);
  if (names.length === 0) fail('failed to import: unrecognized image format');
  mkdirSync(dirname(CONTAINERD_IMAGES), { recursive: true });
  const have = new Set((readText(CONTAINERD_IMAGES) ?? '').split('\n'));
  for (const n of names) {
    if (!have.has(n)) appendFileSync(CONTAINERD_IMAGES, `${n}\n`);
    process.stdout.write(`unpacking ${n} (sha256:${Buffer.from(n).toString('hex').slice(0, 64).padEnd(64, '0')})...done\n`);
  }
} else if (args === '-n k8s.io images ls -q' || args === '--namespace k8s.io images ls -q') {
  process.stdout.write(readText(CONTAINERD_IMAGES) ?? '');
} else {
  fail(`'${args}' is not answered by this stand-in (SIMULATION)`);
}
