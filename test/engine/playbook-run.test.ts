import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../lab/shared.js';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, project, runFile, runYaml } from '../support/run.js';

const repo = join(import.meta.dirname, '..', '..', '..');

describe('running a playbook over SSH on the lab hosts', () => {
  before(() => {
    for (const h of hostNames()) onHost(h, 'rm -rf /etc/runbook-demo /etc/motd');
  });

  it('the demo playbook puts its files on every host, rendered for that host', async () => {
    const run = await runFile(join(repo, 'playbooks', 'demo.yaml'));
    for (const h of hostNames()) {
      const c = run.recap.get(h);
      expect(c, h).to.include({ failed: 0, unreachable: 0, changed: 4, ok: 4 });
      expect(hostStat(h, '/etc/runbook-demo')).to.equal('755 directory');
      expect(hostStat(h, '/etc/runbook-demo/app.conf')).to.equal('640 regular file');
      expect(hostFile(h, '/etc/runbook-demo/app.conf'))
        .to.contain(`name = "${h}"`)
        .and.contain('listen = "0.0.0.0:8080"');
      expect(hostFile(h, '/etc/motd')).to.equal(`This node (${h}) is managed by runbook.\n`);
      expect(hostFile(h, '/etc/runbook-demo/first-run')).to.match(/^\d{4}-\d\d-\d\dT/);
    }
  });

  it('re-applying the demo changes nothing: changed=0 on every host', async () => {
    const before = hostNames().map((h) => treeDigest(h, '/etc/runbook-demo'));
    const run = await runFile(join(repo, 'playbooks', 'demo.yaml'));
    for (const h of hostNames()) {
      expect(run.recap.get(h), h).to.include({ changed: 0, failed: 0, ok: 4, skipped: 0 });
    }
    expect(run.results.every((r) => r.status === 'ok')).to.equal(true);
    expect(hostNames().map((h) => treeDigest(h, '/etc/runbook-demo'))).to.deep.equal(before);
  });

  it('a file changed by hand is put back on the next run, and only there', async () => {
    const [first, second] = hostNames();
    onHost(first!, 'echo tampered > /etc/motd');
    const run = await runFile(join(repo, 'playbooks', 'demo.yaml'));
    expect(run.task('Write the message of the day').get(first!)?.status).to.equal('changed');
    expect(run.task('Write the message of the day').get(second!)?.status).to.equal('ok');
    expect(hostFile(first!, '/etc/motd')).to.equal(`This node (${first}) is managed by runbook.\n`);
  });

  it('a host whose task fails leaves the play; the other hosts go on', async () => {
    const [, bad] = hostNames();
    const run = await runYaml(`
- hosts: all
  tasks:
    - name: fail on one host
      command: test {{inventory_hostname}} != ${bad}
    - name: after
      copy: { dest: /tmp/after-failure, content: "x" }
`);
    expect(run.task('fail on one host').get(bad!)?.status).to.equal('failed');
    expect(run.task('fail on one host').get(bad!)?.msg).to.contain('exit code 1');
    const after = run.task('after');
    expect([...after.keys()].sort()).to.deep.equal(
      hostNames()
        .filter((h) => h !== bad)
        .sort(),
    );
    expect(run.recap.get(bad!)).to.include({ failed: 1, ok: 0 });
  });

  it('an unreachable host is reported unreachable, not failed, and the others go on', async () => {
    const inv = readFileSync(lab().inventoryFile, 'utf8');
    const dir = project({
      'playbook.yaml': '- hosts: all\n  tasks:\n    - name: touch\n      file: { path: /tmp/reach, state: touch }\n',
    });
    // 127.0.1.250 has no sshd: connection refused at once.
    const invFile = join(dir, 'hosts.yaml');
    writeFileSync(invFile, inv + `\nghosts:\n  hosts:\n    ghost:\n      ansible_host: 127.0.1.250\n`);
    const run = await runFile(join(dir, 'playbook.yaml'), { inventory: invFile });
    expect(run.task('touch').get('ghost')?.status).to.equal('unreachable');
    expect(run.recap.get('ghost')).to.include({ unreachable: 1, failed: 0 });
    for (const h of hostNames()) expect(run.task('touch').get(h)?.status).to.be.oneOf(['changed', 'ok']);
  });

  it('--check reports what would change and leaves every host byte-for-byte unchanged', async () => {
    const digests = () => hostNames().map((h) => treeDigest(h, '/etc'));
    const before = digests();
    const run = await runYaml(
      `
- hosts: all
  tasks:
    - name: new dir
      file: { path: /etc/check-mode/sub, state: directory }
    - name: new file
      copy: { dest: /etc/check-mode.conf, content: "a=1\\n" }
    - name: change motd
      copy: { dest: /etc/motd, content: "changed under check\\n" }
    - name: a command
      command: touch /etc/should-not-exist
`,
      { check: true, diff: true },
    );
    expect(digests()).to.deep.equal(before);
    for (const h of hostNames()) {
      expect(run.task('new dir').get(h)?.status).to.equal('changed');
      expect(run.task('change motd').get(h)?.diffs[0]?.after).to.equal('changed under check\n');
      expect(run.task('a command').get(h)?.status).to.equal('skipped');
    }
  });
});
