// Plain persistent ssh2 connections to every lab host: what the floor measures
// with, and how the bench cleans and checks hosts between runs. Deliberately not
// runbook's transport: the floor is what any program over ssh2 would pay.
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';

export interface FleetHost {
  name: string;
  address: string;
  port: number;
}

export interface Fleet {
  exec(i: number, command: string): Promise<{ code: number; stdout: string }>;
  stat(i: number, path: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Connects to every host, at most `pace` handshakes at once, as root with `keyFile`. */
export async function openFleet(hosts: FleetHost[], keyFile: string, pace = 16): Promise<Fleet> {
  const privateKey = readFileSync(keyFile);
  const clients: ssh2.Client[] = new Array(hosts.length);
  const sftps: Promise<SFTPWrapper>[] = new Array(hosts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < hosts.length; i = next++) {
      const h = hosts[i]!;
      clients[i] = await new Promise<ssh2.Client>((resolve, reject) => {
        const c = new ssh2.Client();
        c.once('ready', () => resolve(c));
        c.once('error', reject);
        c.connect({ host: h.address, port: h.port, username: 'root', privateKey, readyTimeout: 60_000 });
        c.setNoDelay(true);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(pace, hosts.length) }, worker));
  const sftpOf = (i: number): Promise<SFTPWrapper> =>
    (sftps[i] ??= new Promise((resolve, reject) => clients[i]!.sftp((err, s) => (err ? reject(err) : resolve(s)))));
  return {
    exec: (i, command) =>
      new Promise((resolve, reject) =>
        clients[i]!.exec(command, (err, stream) => {
          if (err) return reject(err);
          let stdout = '';
          let code = -1;
          stream.on('data', (d: Buffer) => (stdout += d.toString()));
          stream.stderr.resume();
          stream.once('exit', (c: number | null) => (code = c ?? -1));
          stream.once('close', () => resolve({ code, stdout }));
        }),
      ),
    stat: async (i, path) => {
      const sftp = await sftpOf(i);
      return new Promise((resolve) => sftp.stat(path, (err) => resolve(!err)));
    },
    close: async () => {
      await Promise.all(
        clients.map(
          (c) =>
            new Promise<void>((resolve) => {
              c.once('close', () => resolve());
              c.end();
            }),
        ),
      );
    },
  };
}

/** Runs `command` on every host at once; throws naming the hosts where it failed. */
export async function onEveryHost(fleet: Fleet, count: number, command: string): Promise<string[]> {
  const results = await Promise.all(Array.from({ length: count }, (_, i) => fleet.exec(i, command)));
  const bad = results.map((r, i) => (r.code === 0 ? -1 : i)).filter((i) => i >= 0);
  if (bad.length > 0)
    throw new Error(
      `bench: \`${command}\` failed on ${bad.length} host(s), e.g. #${bad[0]}: ${results[bad[0]!]!.stdout}`,
    );
  return results.map((r) => r.stdout);
}
