import { expect } from 'chai';
import { onHost } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// ansible.builtin.getent on a lab host: facts as Ansible's getent.py builds them (compared
// with ansible-playbook 2.14 in the `getent` corpus case); it only reads, so every run,
// --check and --diff included, is ok.
describe('getent module', () => {
  const host = () => hostNames()[0]!;
  const run = async (args: string, opts: RunOpts = {}) => {
    const yaml =
      `- hosts: ${host()}\n  tasks:\n    - name: g\n      getent: ${args}\n      ignore_errors: ` +
      `true\n    - name: show\n      debug: { var: getent_passwd }\n`;
    const r = await runYaml(yaml, opts);
    return { g: r.task('g').get(host())!, shown: r.task('show').get(host())!.data.getent_passwd };
  };

  before(() =>
    onHost(host(), "userdel labdup 2>/dev/null; printf 'labdup:x:4400:4400::/srv/a:/bin/sh\\n' >> /etc/passwd; true"),
  );
  after(() => onHost(host(), "sed -i '/^labdup:/d' /etc/passwd"));

  it('the whole passwd database as getent_passwd facts: name → fields; ok under --check and --diff too', async () => {
    for (const opts of [{}, { check: true, diff: true }]) {
      const { g, shown } = await run('{ database: passwd }', opts);
      expect([g.status, g.changes]).to.deep.equal(['ok', []]);
      expect((shown as Record<string, string[]>).root).to.deep.equal(['x', '0', '0', 'root', '/root', '/bin/bash']);
    }
  });

  it('a key seen twice gives the list of its records; a missing key fails, or is null with fail_key false', async () => {
    onHost(host(), "printf 'labdup:x:4401:4401::/srv/b:/bin/sh\\n' >> /etc/passwd");
    const { shown } = await run('{ database: passwd }');
    expect((shown as Record<string, unknown>).labdup).to.deep.equal([
      ['x', '4400', '4400', '', '/srv/a', '/bin/sh'],
      ['x', '4401', '4401', '', '/srv/b', '/bin/sh'],
    ]);
    const missing = await run('{ database: passwd, key: lab-nobody }');
    expect([missing.g.status, missing.g.msg]).to.deep.equal([
      'failed',
      'One or more supplied key could not be found in the database.',
    ]);
    const soft = await run('{ database: passwd, key: lab-nobody, fail_key: false }');
    expect([soft.g.status, soft.shown]).to.deep.equal(['ok', { 'lab-nobody': null }]);
  });
});
