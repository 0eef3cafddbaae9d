// A static HTTP server in its own process (Python's http.server) for tests that
// run ansible-playbook with spawnSync: a server inside the mocha process could
// not answer while the event loop waits for the child. It sends Content-Length,
// a Content-Type guessed from the name (.json → application/json) and
// Last-Modified, as common static servers do.
import { spawn, type ChildProcess } from 'node:child_process';

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export async function startStaticServer(dir: string): Promise<StaticServer> {
  const child: ChildProcess = spawn(
    '/usr/bin/python3',
    ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /port (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`http.server exited (${code}) before listening: ${out}`)));
  });
  child.stdout!.resume();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
