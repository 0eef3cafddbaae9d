// A REAL image registry for the lab: Debian's docker-registry (Docker's
// distribution, registry API v2) on a lab address, plain HTTP, storage in a
// temporary directory. The simulated nodes' Docker uses it as a registry mirror,
// and after the migration their real containerd pulls through it with the
// hosts.toml the playbook wrote. It runs on this machine, not in a host: the
// hosts share the machine's network, so every host reaches its address.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LabRegistry {
  /** host:port, e.g. 127.0.4.12:5000 (as Docker's insecure-registries and a hosts.toml name it). */
  address: string;
  /** Every request the registry logged so far, "METHOD path" (e.g. "GET /v2/library/app/manifests/1"). */
  requests(): string[];
  stop(): Promise<void>;
}

export async function startRegistry(address: string, port = 5000): Promise<LabRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-registry-'));
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: info',
      '  accesslog:',
      '    disabled: false',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${dir}/data`,
      'http:',
      `  addr: ${address}:${port}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  let exited = false;
  child.once('exit', () => (exited = true));
  for (const deadline = Date.now() + 15_000; !(await listening(address, port)); ) {
    if (exited || Date.now() > deadline) {
      kill();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`lab registry on ${address}:${port} did not start:\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    address: `${address}:${port}`,
    // The access log: `… "GET /v2/… HTTP/1.1" 200 …`.
    requests: () =>
      [...log.matchAll(/"(GET|HEAD|PUT|POST|PATCH|DELETE) (\S+) HTTP\/[\d.]+"/g)].map((m) => `${m[1]} ${m[2]}`),
    async stop() {
      process.removeListener('exit', kill);
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        kill();
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}
