// SIMULATION, test support only: puts a kubectl of one release on a lab host (the
// control plane of a simulated cluster carries the kubectl of its own release),
// in front of the machine's real one. See host/kubectl.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sh, writeFilesScript } from '../node/remote.js';

/** Before /usr/bin on root's PATH and on sudo's secure_path. */
export const KUBECTL_STAND_IN = '/usr/local/bin/kubectl';
const LIB = '/usr/local/lib/sim-kubectl';
const CALLS = `${LIB}/calls`;
const PROGRAM = fileURLToPath(new URL('./host/kubectl.js', import.meta.url));

/** Installs kubectl `release` (e.g. '1.19.16') on `host`; replaces one installed before. */
export async function installKubectl(host: string, release: string): Promise<void> {
  if (!/^1\.\d+\.\d+$/.test(release)) throw new Error(`installKubectl: not a release: ${release}`);
  const program = readFileSync(PROGRAM, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
  await sh(
    host,
    writeFilesScript({
      [`${LIB}/package.json`]: { content: '{ "type": "module" }\n' },
      [`${LIB}/kubectl.js`]: { content: program },
      [CALLS]: { content: '', mode: 0o666 },
      [KUBECTL_STAND_IN]: {
        content:
          `#!/bin/sh\n# SIMULATION: kubectl ${release} stand-in in front of /usr/bin/kubectl ` +
          `(test/sim/kubectl/host/kubectl.ts)\nSIM_KUBECTL_RELEASE=${release} SIM_KUBECTL_CALLS=${CALLS} ` +
          `exec node ${LIB}/kubectl.js "$@"\n`,
        mode: 0o755,
      },
    }),
  );
}

/** The host's kubectl is the machine's real one again. */
export async function removeKubectl(host: string): Promise<void> {
  await sh(host, `rm -rf ${KUBECTL_STAND_IN} ${LIB}`);
}

/** The arguments of every call of the stand-in since it was installed, in order. */
export async function kubectlCalls(host: string): Promise<string[][]> {
  const out = await sh(host, `cat ${CALLS}`);
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as string[]);
}
