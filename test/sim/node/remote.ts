// Test support: a bash script run on a lab host through the OpenSSH client, without
// blocking this process. test/support/host-shell.ts blocks (execFileSync), which
// would deadlock here: a kubelet start hook on the host reports to the
// control-plane stand-in, whose HTTP server runs in this very process.
import { spawn } from 'node:child_process';
import { lab } from '../../lab/shared.js';
import {
  labSshOptions,
  ownConnectionArgs,
  sharedConnectionArgs,
  sharedConnectionFailed,
} from '../../support/ssh-mux.js';

export interface Exit {
  rc: number;
  out: string;
  err: string;
}

/**
 * Runs `script` with bash on the host (sent on stdin, so any size and any quoting),
 * on the connection the harness shares with the host (test/support/ssh-mux.ts).
 */
export async function shell(host: string, script: string): Promise<Exit> {
  const l = lab();
  const r = await shellOn(host, script, sharedConnectionArgs(l));
  // A master whose host cut its sessions: the script never ran; a fresh connection runs it.
  return r.rc === 255 && sharedConnectionFailed(r.err) ? shellOn(host, script, ownConnectionArgs) : r;
}

function shellOn(host: string, script: string, connection: string[]): Promise<Exit> {
  const l = lab();
  const h = l.hosts.find((x) => x.name === host);
  if (!h) return Promise.reject(new Error(`no lab host ${host}`));
  // curve25519 alone: OpenSSH 9's default post-quantum key exchange costs ~130 ms a connection here.
  const args = [
    ...labSshOptions(l),
    '-o',
    'KexAlgorithms=curve25519-sha256',
    ...connection,
    '-p',
    String(h.port),
    `root@${h.address}`,
    'bash -s',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ rc: code ?? 1, out, err }));
    child.stdin.end(script);
  });
}

/** Like `shell`, but throws with the output when the script fails. */
export async function sh(host: string, script: string): Promise<string> {
  const r = await shell(host, script);
  if (r.rc !== 0)
    throw new Error(`on ${host}: exit ${r.rc}\n${script.slice(0, 400)}\n--- stderr:\n${r.err}--- stdout:\n${r.out}`);
  return r.out;
}

/** Shell lines that write each file (path → content, mode), directories made as needed. */
export function writeFilesScript(files: Record<string, { content: string; mode?: number }>): string {
  return Object.entries(files)
    .map(([path, f]) => {
      const tag = 'SIM_NODE_EOF';
      const mode = (f.mode ?? 0o644).toString(8);
      return (
        `mkdir -p "$(dirname '${path}')" && base64 -d > '${path}' ` +
        `<<'${tag}'\n${Buffer.from(f.content).toString('base64')}\n${tag}\nchmod ${mode} '${path}'`
      );
    })
    .join('\n');
}
