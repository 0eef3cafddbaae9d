import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../lab/shared.js';
import { eventually, hostFile, hostStat, onHost, processCount } from '../support/host-shell.js';
import { project, runFile, runYaml, type RunOpts } from '../support/run.js';

describe('become (sudo) and environment', () => {
  let inventory = '';
  let password = '';
  const host = () => lab().hosts[0]!;

  before(() => {
    // The lab's login that may sudo only with its password.
    const user = lab().sudoUser!;
    password = user.password;
    onHost(host().name, 'rm -rf /etc/become-test /tmp/env-out');
    const dir = project({});
    inventory = join(dir, 'hosts.yaml');
    const h = host();
    writeFileSync(
      inventory,
      `all:\n  hosts:\n    ${h.name}: { ansible_host: ${h.address}, ansible_user: ${lab().sudoUser!.name}, ` +
        `ansible_ssh_private_key_file: ${lab().keyFile} }\n  vars: { runbook_known_hosts_file: ` +
        `${lab().knownHostsFile} }\n`,
    );
  });

  const run = (yaml: string, o: RunOpts = {}) => runYaml(yaml, { inventory, ...o });

  it('without become the login user cannot write to /etc; with become and the password it can, atomically and root-owned', async () => {
    const yaml = (become: boolean) => `
- hosts: all
  tasks:
    - name: write
      copy: { dest: /etc/become-test, content: "as root\\n", mode: "0640" }
      become: ${become}
`;
    const denied = (await run(yaml(false))).task('write').get(host().name)!;
    expect(denied.status).to.equal('failed');
    expect(denied.msg).to.match(/permission denied/i);

    const first = await run(yaml(true), { becomePassword: password });
    expect(first.task('write').get(host().name)!.status).to.equal('changed');
    expect(hostFile(host().name, '/etc/become-test')).to.equal('as root\n');
    expect(hostStat(host().name, '/etc/become-test')).to.equal('640 regular file');
    expect(onHost(host().name, "stat -c '%U' /etc/become-test").trim()).to.equal('root');
    expect(onHost(host().name, 'ls -a /etc /tmp | grep -c runbook || true').trim()).to.equal('0');

    const again = await run(yaml(true), { becomePassword: password });
    expect(again.task('write').get(host().name)!.status).to.equal('ok');
  });

  it('become runs commands as become_user, and a wrong or missing password fails clearly without showing it', async () => {
    const yaml = `
- hosts: all
  tasks:
    - name: who
      command: id -un
      become: true
      become_user: root
`;
    const ok = await run(yaml, { becomePassword: password });
    expect(ok.task('who').get(host().name)!.data.stdout).to.equal('root');

    const missing = (await run(yaml)).task('who').get(host().name)!;
    expect(missing.status).to.equal('failed');
    expect(missing.msg).to.match(/password is required/);

    const wrong = await run(yaml, { becomePassword: 'not it' });
    expect(wrong.task('who').get(host().name)!.status).to.equal('failed');
    expect(JSON.stringify(ok.events) + JSON.stringify(wrong.events))
      .not.to.contain(password)
      .and.not.to.contain('not it');
  });

  it('timeout stops a command run through sudo, and the task fails saying it timed out', async () => {
    const yaml = `
- hosts: all
  tasks:
    - name: slow as root
      command: sleep 606
      become: true
      timeout: 2
`;
    const r = (await run(yaml, { becomePassword: password })).task('slow as root').get(host().name)!;
    expect(r.status).to.equal('failed');
    expect(r.msg).to.equal('task timed out after 2 s');
    expect(await eventually(() => processCount(host().name, 'sleep 606') === 0), 'sleep 606 still runs').to.equal(true);
  });

  it('environment sets variables for the task commands, quoted, and blocks pass it down', async () => {
    const r = await runFile(
      join(
        project({
          'p.yaml': `
- hosts: all
  tasks:
    - block:
        - name: env
          shell: 'printf "%s|%s" "$GREETING" "$OTHER" > /tmp/env-out'
          environment: { OTHER: "{{other}}" }
      environment: { GREETING: "hi $(id) 'there'" }
      vars: { other: two words }
`,
        }),
        'p.yaml',
      ),
      { inventory },
    );
    expect(r.task('env').get(host().name)!.status).to.equal('changed');
    expect(hostFile(host().name, '/tmp/env-out')).to.equal("hi $(id) 'there'|two words");
  });
});
