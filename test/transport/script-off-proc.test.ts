// A shell task's script, and the secret a template put in it, must not be
// readable on the host while the task runs: not in any process's command line
// (`ps`) nor in any process's environment (/proc/PID/environ, which keeps what a
// process was started with even after its shell unsets the variable). The scan
// runs on the lab host itself, over every process of it, while the task sleeps.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { sudoInventory } from '../engine/become-support.js';
import { lab } from '../lab/shared.js';
import { eventually, onHost, processCount } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

/** Every process's command line and environment on `host`, NULs shown as newlines. */
function procDump(host: string): string {
  // The dump itself names no secret: it is searched here, not with grep on the host.
  return onHost(
    host,
    `for p in /proc/[0-9]*; do echo "== $p"; cat $p/cmdline $p/environ 2>/dev/null | tr '\\0' '\\n'; done`,
  );
}

describe('a no_log shell script stays off the host process table', () => {
  for (const become of [false, true]) {
    it(`neither /proc/*/cmdline nor /proc/*/environ holds it while it runs (${become ? 'through sudo' : 'as the login'})`, async () => {
      const host = hostNames()[0]!;
      const secret = `s3cr3t-${randomBytes(6).toString('hex')}`;
      const nap = become ? '7.41' : '7.42';
      const running = runYaml(
        `
- hosts: ${host}
  gather_facts: false
  vars: { token: "${secret}" }
  tasks:
    - name: long secret script
      shell: |
        echo "token {{ token }}" > /tmp/script-off-proc
        sleep ${nap}
      no_log: true
`,
        become
          ? { inventory: sudoInventory({ ansible_become: true, ansible_become_password: lab().sudoUser!.password }) }
          : {},
      );
      expect(await eventually(() => processCount(host, `sleep ${nap}`) === 1), 'the task started').to.equal(true);
      const dump = procDump(host);
      const run = await running;
      // The scan saw the task's own processes (its sleep) while they lived.
      expect(dump).to.include(`sleep\n${nap}\n`);
      const leaked = dump.split('\n== ').filter((block) => block.includes(secret));
      expect(leaked, 'processes holding the secret').to.deep.equal([]);
      const r = run.task('long secret script').get(host)!;
      expect(r.status, r.msg).to.equal('changed');
      expect(onHost(host, 'cat /tmp/script-off-proc')).to.equal(`token ${secret}\n`);
    });
  }
});
