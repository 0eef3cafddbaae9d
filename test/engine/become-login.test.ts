import { expect } from 'chai';
import { lab } from '../lab/shared.js';
import { onHost } from '../support/host-shell.js';
import { runFile, runYaml } from '../support/run.js';
import { cleanHosts, expectNothingChanged, expectRanAsRoot, rootProject, sudoInventory } from './become-support.js';

// A playbook written for root, run over a login whose sudo asks for a password,
// without editing the playbook.
describe('become over a sudo login (play, inventory, CLI defaults)', () => {
  const password = () => lab().sudoUser!.password;
  const uid = () => String(lab().sudoUser!.uid);
  beforeEach(cleanHosts);

  it('inventory ansible_become + ansible_become_password: files, commands, facts and handlers run as root; a re-run changes nothing', async () => {
    const inventory = sudoInventory({ ansible_become: true, ansible_become_password: password() });
    const playbook = rootProject();
    const first = await runFile(playbook, { inventory });
    expectRanAsRoot(first, true);
    expect(JSON.stringify(first.events)).not.to.contain(password());
    expectNothingChanged(await runFile(playbook, { inventory }));
  });

  it('ansible_become_pass is read too, and yes/no strings count as booleans', async () => {
    const inventory = sudoInventory({ ansible_become: 'yes', ansible_become_pass: password() });
    expectRanAsRoot(await runFile(rootProject(), { inventory }), true);
  });

  it('play-level become: true with the -K password', async () => {
    const first = await runFile(rootProject('become: true'), {
      inventory: sudoInventory(),
      becomePassword: password(),
    });
    expectRanAsRoot(first);
  });

  it('-b with the -K password', async () => {
    const first = await runFile(rootProject(), {
      inventory: sudoInventory(),
      become: true,
      becomePassword: password(),
    });
    expectRanAsRoot(first);
  });

  // As ansible-playbook 2.14 (run on the same shapes): ansible_become, a variable, beats the task and play keywords.
  it('the inventory beats a task keyword, which beats the play keyword, which beats -b', async () => {
    const yaml = (play: string) => `
- hosts: all
  ${play}
  tasks:
    - name: who
      command: id -u
      changed_when: false
    - name: task says yes
      command: id -u
      become: true
      changed_when: false
`;
    const on = { ansible_become_password: password() };
    const who = async (play: string, inv: Record<string, unknown>, cli: boolean) => {
      const r = await runYaml(yaml(play), { inventory: sudoInventory({ ...on, ...inv }), become: cli });
      const h = lab().hosts[0]!.name;
      return [r.task('who').get(h)!.data.stdout, r.task('task says yes').get(h)!.data.stdout];
    };
    expect(await who('become: false', { ansible_become: true }, true)).to.deep.equal(['0', '0']);
    expect(await who('become: true', { ansible_become: false }, false)).to.deep.equal([uid(), uid()]);
    expect(await who('name: inventory says no', { ansible_become: false }, true)).to.deep.equal([uid(), uid()]);
    expect(await who('become: false', {}, true)).to.deep.equal([uid(), '0']);
    expect(await who('name: only -b', {}, true)).to.deep.equal(['0', '0']);
  });

  it('become_user: inventory over task over play over --become-user', async () => {
    const yaml = `
- hosts: all
  become: true
  tasks:
    - name: inventory user
      command: id -un
      changed_when: false
    - name: task user
      command: id -un
      become_user: root
      changed_when: false
`;
    const inventory = sudoInventory({ ansible_become_password: password(), ansible_become_user: 'nobody' });
    const r = await runYaml(yaml, { inventory, becomeUser: 'daemon' });
    const h = lab().hosts[0]!.name;
    expect(r.task('inventory user').get(h)!.data.stdout).to.equal('nobody');
    // ansible_become_user, a variable, beats the task's become_user keyword (ansible-playbook 2.14: nobody).
    expect(r.task('task user').get(h)!.data.stdout).to.equal('nobody');
    const cli = await runYaml(yaml, {
      inventory: sudoInventory({ ansible_become_password: password() }),
      becomeUser: 'daemon',
    });
    expect(cli.task('inventory user').get(h)!.data.stdout).to.equal('daemon');
    expect(cli.task('task user').get(h)!.data.stdout).to.equal('root');
  });

  it('delegate_to takes the delegated host’s inventory settings and password', async () => {
    const [a, b] = lab().hosts.map((h) => h.name) as [string, string];
    // Only the delegate may become, and only it knows the password.
    const inventory = sudoInventory(
      {},
      { [a]: { ansible_become: false }, [b]: { ansible_become: true, ansible_become_password: password() } },
    );
    const r = await runYaml(
      `
- hosts: ${a}
  tasks:
    - name: here
      command: id -u
    - name: there
      command: id -u
      delegate_to: ${b}
`,
      { inventory },
    );
    expect(r.task('here').get(a)!.data.stdout).to.equal(`${uid()}`);
    expect(r.task('there').get(a)).to.include({ delegatedTo: b, status: 'changed' });
    expect(r.task('there').get(a)!.data.stdout).to.equal('0');
  });

  it('a wrong password fails gather_facts on every host with sudo’s reason, and never shows the password', async () => {
    const wrong = `${password()}-not`;
    const r = await runFile(rootProject(), {
      inventory: sudoInventory({ ansible_become: true, ansible_become_password: wrong }),
    });
    for (const h of lab().hosts) {
      const facts = r.task('Gathering Facts').get(h.name)!;
      expect(facts.status).to.equal('failed');
      expect(facts.msg).to.equal(`sudo: incorrect password for ${lab().sudoUser!.name} on ${h.name} (to become root)`);
      expect(facts.data).to.deep.equal({});
      expect(r.recap.get(h.name)).to.include({ failed: 1, ok: 0 });
    }
    expect(JSON.stringify(r.events)).not.to.contain(wrong);
  });

  it('the password is masked wherever a task would show it: variables, hostvars, command output', async () => {
    const r = await runYaml(
      `
- hosts: all
  become: true
  tasks:
    - name: var
      debug: { var: hostvars }
    - name: msg
      debug: { msg: "pw={{ansible_become_password}}" }
    - name: leak
      command: { cmd: cat, stdin: "{{ansible_become_password}}" }
`,
      { inventory: sudoInventory({ ansible_become_password: password() }) },
    );
    const h = lab().hosts[0]!.name;
    expect(r.task('msg').get(h)!.data.debug).to.equal('pw=********');
    expect(String(r.task('var').get(h)!.data.debug)).to.contain('"ansible_become_password":"********"');
    expect(r.task('leak').get(h)!.data.stdout).to.equal('********');
    expect(JSON.stringify(r.events)).not.to.contain(password());
  });

  it('the command reads only its own stdin, also when sudo asks for no password (NOPASSWD)', async () => {
    const h = lab().hosts[0]!.name;
    const rule = '/etc/sudoers.d/zz-become-nopasswd';
    onHost(h, `echo '${lab().sudoUser!.name} ALL=(daemon) NOPASSWD: ALL' > ${rule} && chmod 0440 ${rule}`);
    try {
      const yaml = (user: string) => `
- hosts: ${h}
  become: true
  become_user: ${user}
  tasks:
    - name: read
      command: { cmd: cat, stdin: "own input" }
`;
      const inventory = sudoInventory({ ansible_become_password: password() });
      for (const user of ['root', 'daemon']) {
        const r = await runYaml(yaml(user), { inventory });
        expect(r.task('read').get(h)!.data, user).to.include({ stdout: 'own input', stderr: '' });
      }
    } finally {
      onHost(h, `rm -f ${rule}`);
    }
  });
});
