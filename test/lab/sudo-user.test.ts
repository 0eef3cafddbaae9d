import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { shellQuoteValue as q } from '../../src/quote.js';
import { lab } from './shared.js';
import { labSshOptions } from '../support/ssh-mux.js';

/** Runs `command` on a lab host over OpenSSH as the lab's sudo user. */
function asSudoUser(
  address: string,
  command: string,
  stdin = '',
): { code: number | null; stdout: string; stderr: string } {
  const l = lab();
  const r = spawnSync('ssh', [...labSshOptions(l), `${l.sudoUser!.name}@${address}`, command], {
    encoding: 'utf8',
    input: stdin,
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the lab sudo user', () => {
  it('logs in with the lab key on every host, not as root, and cannot write /etc', () => {
    const l = lab();
    expect(l.sudoUser).to.include({ name: 'deploy' });
    for (const h of l.hosts) {
      const r = asSudoUser(h.address, 'id -un; id -u; touch /etc/lab-sudo-probe');
      expect(r.stdout).to.equal(`deploy\n${l.sudoUser!.uid}\n`);
      expect(r.code).to.not.equal(0);
      expect(r.stderr).to.match(/Permission denied/);
    }
  });

  it('sudo refuses without the password and runs as root with it', () => {
    const { hosts, sudoUser } = lab();
    const address = hosts[0]!.address;
    const none = asSudoUser(address, 'sudo -n id -u');
    expect(none.code).to.not.equal(0);
    expect(none.stderr).to.match(/password is required/);
    const wrong = asSudoUser(address, "sudo -S -p '' id -u", 'not the password\n');
    expect(wrong.code).to.not.equal(0);
    const right = asSudoUser(
      address,
      `sudo -S -p '' sh -c ${q('id -u; touch /etc/lab-sudo-probe && rm /etc/lab-sudo-probe && echo wrote')}`,
      `${sudoUser!.password}\n`,
    );
    expect(right.stdout, right.stderr).to.equal('0\nwrote\n');
    // The host resolves its own name, so sudo has nothing to warn about.
    expect(right.stderr).to.equal('');
  });
});
