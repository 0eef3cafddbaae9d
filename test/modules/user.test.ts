import { expect } from 'chai';
import { onHost } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// ansible.builtin.user on a lab host (its /etc and /home are the host's own overlay copy).
// Decisions and result fields as Ansible's user.py; compared with ansible-playbook 2.14 in
// the `accounts` corpus case.
describe('user module', () => {
  const host = () => hostNames()[0]!;
  const passwd = (name: string) => onHost(host(), `getent passwd ${name}; true`).trim();
  const groupsOf = (name: string) => onHost(host(), `id -nG ${name} 2>/dev/null; true`).trim();
  const task = async (args: string, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: u\n      ansible.builtin.user: ${args}\n`, opts))
      .task('u')
      .get(host())!;

  beforeEach(() =>
    onHost(
      host(),
      'userdel -r labuser 2>/dev/null; rm -rf /home/labuser /srv/labhome; for g in labuser laba labb; ' +
        'do groupdel $g 2>/dev/null; done; groupadd laba; groupadd labb; true',
    ),
  );

  it('adds a user with uid, shell, comment, groups and a home; again, ok; result fields as Ansible', async () => {
    const args = '{ name: labuser, uid: 4200, shell: /bin/bash, comment: "Lab User", groups: [laba] }';
    const first = await task(args);
    expect([first.status, first.changes]).to.deep.equal([
      'changed',
      ['useradd -u 4200 -G laba -c Lab User -s /bin/bash -m labuser'],
    ]);
    expect(passwd('labuser')).to.match(/^labuser:x:4200:(\d+):Lab User:\/home\/labuser:\/bin\/bash$/);
    expect(groupsOf('labuser')).to.equal('labuser laba');
    expect(onHost(host(), "stat -c '%U' /home/labuser").trim()).to.equal('labuser');
    expect(first.data).to.deep.include({
      name: 'labuser',
      state: 'present',
      uid: 4200,
      comment: 'Lab User',
      home: '/home/labuser',
      shell: '/bin/bash',
      groups: 'laba',
      system: false,
      create_home: true,
    });
    const again = await task(args);
    expect([again.status, again.changes]).to.deep.equal(['ok', []]);
    expect(again.data).to.deep.include({ uid: 4200, shell: '/bin/bash', groups: 'laba' });
  });

  it('groups without append sets them; with append only adds; one usermod with only what differs', async () => {
    await task('{ name: labuser, groups: laba }');
    const set = await task('{ name: labuser, groups: labb, shell: /bin/sh }');
    expect(set.changes).to.deep.equal(['usermod -G labb labuser']);
    expect(groupsOf('labuser')).to.equal('labuser labb');
    const added = await task('{ name: labuser, groups: [laba], append: true }');
    expect(added.changes).to.deep.equal(['usermod -a -G laba labuser']);
    expect(added.data).to.deep.include({ append: true, move_home: false });
    expect(groupsOf('labuser')).to.equal('labuser laba labb');
    expect((await task('{ name: labuser, groups: [laba], append: true }')).status).to.equal('ok');
    expect((await task('{ name: labuser, groups: "", append: false }')).changes).to.deep.equal(['usermod -G  labuser']);
    expect(groupsOf('labuser')).to.equal('labuser');
  });

  it('password hash and password_lock: the hash is not shown; again, ok', async () => {
    const hash = '$6$salt$IxDD3jeSOb5eB1CX5LBsqZFVkJdido3OUILO5Ifz5iwMuTS4XMS130MTSuDDl3aCI6WouIL9AjRbLCelDCy.g.';
    const r = await task(`{ name: labuser, password: '${hash}' }`);
    expect(r.changes).to.deep.equal(['useradd -p ******** -m labuser']);
    expect(r.data.password).to.equal('NOT_LOGGING_PASSWORD');
    expect(onHost(host(), 'getent shadow labuser | cut -d: -f2').trim()).to.equal(hash);
    expect((await task(`{ name: labuser, password: '${hash}' }`)).status).to.equal('ok');
    expect((await task('{ name: labuser, password_lock: true }')).changes).to.deep.equal(['usermod -L labuser']);
    expect(onHost(host(), 'getent shadow labuser | cut -d: -f2').trim()).to.equal(`!${hash}`);
    expect((await task(`{ name: labuser, password: '${hash}', password_lock: true }`)).status).to.equal('ok');
  });

  it('--check changes nothing; absent with remove deletes the home, then ok; a missing group fails', async () => {
    const checked = await task('{ name: labuser, home: /srv/labhome }', { check: true });
    expect([checked.status, checked.changes, passwd('labuser')]).to.deep.equal([
      'changed',
      ['useradd -d /srv/labhome -m labuser'],
      '',
    ]);
    await task('{ name: labuser, home: /srv/labhome }');
    expect(onHost(host(), 'test -d /srv/labhome && echo yes').trim()).to.equal('yes');
    const gone = await task('{ name: labuser, state: absent, remove: true }');
    expect([gone.status, gone.changes, passwd('labuser')]).to.deep.equal(['changed', ['userdel -r labuser'], '']);
    expect(gone.data).to.deep.include({ force: false, remove: true });
    expect(onHost(host(), 'test -e /srv/labhome && echo left; true').trim()).to.equal('');
    expect((await task('{ name: labuser, state: absent }')).status).to.equal('ok');
    const bad = await task('{ name: labuser, groups: [nosuchgroup] }');
    expect([bad.status, bad.msg, passwd('labuser')]).to.deep.equal(['failed', 'Group nosuchgroup does not exist', '']);
  });

  // ansible-playbook 2.14 (user target, test_ssh_key_passphrase.yml): the key is made with the passphrase and
  // the user owns it; a second run without force keeps it (ok), with the same ssh_key_file and fingerprint.
  it('generate_ssh_key: --check writes nothing, apply makes the pair (passphrase, owner), re-run ok, force replaces it', async () => {
    const args =
      '{ name: labuser, generate_ssh_key: yes, ssh_key_file: .ssh/lab_rsa, ssh_key_passphrase: pw, ssh_key_bits: 1024 }';
    const checked = await task(args, { check: true });
    expect(checked.status).to.equal('changed');
    expect(passwd('labuser')).to.equal('');
    const made = await task(args);
    expect(made.status).to.equal('changed');
    expect(made.data.ssh_key_file).to.equal('/home/labuser/.ssh/lab_rsa');
    expect(String(made.data.ssh_public_key)).to.match(/^ssh-rsa \S+ ansible-generated on \S+$/);
    expect(onHost(host(), 'stat -c "%U %a" /home/labuser/.ssh /home/labuser/.ssh/lab_rsa').trim()).to.equal(
      'labuser 700\nlabuser 600',
    );
    expect(onHost(host(), 'ssh-keygen -y -P pw -f /home/labuser/.ssh/lab_rsa').trim()).to.equal(
      made.data.ssh_public_key,
    );
    const again = await task(args);
    expect(again.status).to.equal('ok');
    expect(again.data).to.include({ ssh_key_file: made.data.ssh_key_file, ssh_fingerprint: made.data.ssh_fingerprint });
    const forced = await task(args.replace('}', ', force: yes }'));
    expect(forced.status).to.equal('changed');
    expect(forced.data.ssh_fingerprint).to.not.equal(made.data.ssh_fingerprint);
  });
});
