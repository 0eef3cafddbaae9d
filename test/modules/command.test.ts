import { expect } from 'chai';
import { hostFile, onHost } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

describe('command and shell modules', () => {
  const host = () => hostNames()[0]!;

  it('command returns rc, stdout and stderr, and fails on a non-zero exit', async () => {
    const run = await runYaml(`
- hosts: ${host()}
  tasks:
    - name: ok
      command: echo hello world
    - name: bad
      command:
        argv: [sh, -c, "echo oops >&2; exit 3"]
`);
    const ok = run.task('ok').get(host())!;
    expect(ok.status).to.equal('changed');
    expect(ok.data).to.include({ rc: 0, stdout: 'hello world' });
    const bad = run.task('bad').get(host())!;
    expect(bad.status).to.equal('failed');
    expect(bad.data).to.include({ rc: 3, stderr: 'oops' });
    expect(bad.msg).to.contain('exit code 3').and.contain('oops');
  });

  it('a variable with quotes, spaces and $(…) reaches command as one literal argument', async () => {
    const nasty = `it's "quoted" $(touch /tmp/pwned) \`id\` ; rm -rf /x`;
    onHost(host(), 'rm -f /tmp/pwned');
    const run = await runYaml(
      `
- hosts: ${host()}
  vars:
    nasty: ${JSON.stringify(nasty)}
  tasks:
    - name: argv form
      command: { argv: [printf, "%s", "{{nasty}}"] }
    - name: shell with quote
      shell: "printf %s {{ nasty | quote }} > /tmp/quoted"
`,
    );
    expect(run.task('argv form').get(host())!.data.stdout).to.equal(nasty);
    expect(hostFile(host(), '/tmp/quoted')).to.equal(nasty);
    expect(hostFile(host(), '/tmp/pwned')).to.equal(null);
  });

  it('command refuses shell operators in its string form and says to use shell', async () => {
    const run = await runYaml(`
- hosts: ${host()}
  tasks:
    - name: piped
      command: cat /etc/hostname | wc -l
`);
    const r = run.task('piped').get(host())!;
    expect(r.status).to.equal('failed');
    expect(r.msg).to.contain('shell operator').and.contain('"|"');
  });

  it("no command, or both cmd and argv, fail in Ansible's words with its rc 256", async () => {
    const run = await runYaml(`
- hosts: ${host()}
  tasks:
    - name: none
      command:
      args: { chdir: / }
      ignore_errors: true
    - name: both
      command: echo a
      args: { argv: [echo, b] }
      ignore_errors: true
`);
    expect(run.task('none').get(host())).to.deep.include({ status: 'failed', msg: 'no command given' });
    expect(run.task('none').get(host())!.data.rc).to.equal(256);
    expect(run.task('both').get(host())!.msg).to.equal('only command or argv can be given, not both');
    expect(run.task('both').get(host())!.data.rc).to.equal(256);
  });

  it('creates: skips the command when the path exists, and runs it when it does not', async () => {
    onHost(host(), 'rm -f /tmp/created-once');
    const yaml = `
- hosts: ${host()}
  tasks:
    - name: once
      shell: { cmd: "echo run >> /tmp/created-once", creates: /tmp/created-once }
`;
    expect((await runYaml(yaml)).task('once').get(host())!.status).to.equal('changed');
    const second = (await runYaml(yaml)).task('once').get(host())!;
    expect(second.status).to.equal('ok');
    expect(second.msg).to.contain('/tmp/created-once exists');
    expect(hostFile(host(), '/tmp/created-once')).to.equal('run\n');
  });

  it('creates/removes with a glob match on the host, a space and quotes in the pattern taken literally; $(…) is not run', async () => {
    onHost(
      host(),
      "rm -rf '/tmp/glob dir' /tmp/pwned-glob && mkdir '/tmp/glob dir' && touch \"/tmp/glob dir/it's.done\"",
    );
    const run = await runYaml(`
- hosts: ${host()}
  tasks:
    - name: created already
      command: echo ran
      args: { creates: "/tmp/glob dir/it's.*" }
    - name: nothing to remove
      command: echo ran
      args: { removes: "/tmp/glob dir/*.gone" }
    - name: something to remove
      command: echo ran
      args: { removes: "/tmp/glob dir/*.done" }
    - name: nothing created
      command: echo ran
      args: { creates: "/tmp/glob dir/$(touch /tmp/pwned-glob)*" }
`);
    expect(run.task('created already').get(host())).to.include({
      status: 'ok',
      msg: "not run: /tmp/glob dir/it's.* exists",
    });
    expect(run.task('nothing to remove').get(host())).to.include({
      status: 'ok',
      msg: 'not run: /tmp/glob dir/*.gone does not exist',
    });
    expect(run.task('something to remove').get(host())!.status).to.equal('changed');
    expect(run.task('nothing created').get(host())!.status).to.equal('changed');
    expect(hostFile(host(), '/tmp/pwned-glob')).to.equal(null);
  });

  it('stdin ends with a newline, as Ansible sends it, unless stdin_add_newline is false', async () => {
    const run = await runYaml(`
- hosts: ${host()}
  tasks:
    - name: with
      command: od -An -c
      args: { stdin: hi }
    - name: without
      command: od -An -c
      args: { stdin: hi, stdin_add_newline: false }
`);
    expect(String(run.task('with').get(host())!.data.stdout).trim()).to.equal('h   i  \\n');
    expect(String(run.task('without').get(host())!.data.stdout).trim()).to.equal('h   i');
  });

  it('chdir runs the command in that directory', async () => {
    const run = await runYaml(`
- hosts: ${host()}
  tasks:
    - name: pwd
      command: { cmd: pwd, chdir: /etc }
`);
    expect(run.task('pwd').get(host())!.data.stdout).to.equal('/etc');
  });

  // ansible-playbook 2.14 (command_shell target, main.yml:135): a missing chdir fails before anything runs, in
  // these words; a relative creates is looked for in chdir, where the module has gone.
  it("a missing chdir fails in Ansible's words; a relative creates is found in chdir", async () => {
    onHost(host(), 'rm -rf /tmp/cdir && mkdir /tmp/cdir && touch /tmp/cdir/done');
    const run = await runYaml(`
- hosts: ${host()}
  tasks:
    - name: nowhere
      command: { cmd: echo, chdir: /tmp/cdir/nope }
      ignore_errors: true
    - name: relative creates
      command: { cmd: touch ran, chdir: /tmp/cdir, creates: done }
`);
    expect(run.task('nowhere').get(host())!.msg).to.equal(
      "Unable to change directory before execution: [Errno 2] No such file or directory: b'/tmp/cdir/nope'",
    );
    expect(run.task('relative creates').get(host())!.status).to.equal('ok');
    expect(hostFile(host(), '/tmp/cdir/ran')).to.equal(null);
  });

  // ansible-playbook 2.14 on localhost, the same tasks: the plain command is skipped, the guarded one is changed,
  // both with msg "Command would have run if not in check mode"; `creates: yes` is the relative path "True".
  it("under --check nothing runs: skipped without creates/removes, changed with them, in Ansible's words", async () => {
    onHost(host(), 'rm -f /tmp/check-cmd /root/True');
    const run = await runYaml(
      `
- hosts: ${host()}
  tasks:
    - name: plain
      command: touch /tmp/check-cmd
    - name: guarded
      shell: { cmd: touch /tmp/check-cmd, removes: /etc/hostname }
    - name: guarded by a path that exists
      shell: { cmd: touch /tmp/check-cmd, creates: /etc/hostname }
    - name: flag-like creates
      command: { cmd: touch /tmp/check-cmd, creates: yes }
`,
      { check: true },
    );
    const said = 'Command would have run if not in check mode';
    expect(run.task('plain').get(host())).to.include({ status: 'skipped', msg: said });
    expect(run.task('guarded').get(host())!.status).to.equal('changed');
    expect(run.task('guarded').get(host())!.data.msg).to.equal(said);
    expect(run.task('guarded by a path that exists').get(host())).to.include({ status: 'ok' });
    expect(run.task('flag-like creates').get(host())!.status).to.equal('changed');
    expect(hostFile(host(), '/tmp/check-cmd')).to.equal(null);
    onHost(host(), 'touch /root/True');
    const again = await runYaml(
      `
- hosts: ${host()}
  tasks:
    - name: flag-like creates
      command: { cmd: touch /tmp/check-cmd, creates: yes }
`,
    );
    expect(again.task('flag-like creates').get(host())!.msg).to.equal('not run: True exists');
    expect(hostFile(host(), '/tmp/check-cmd')).to.equal(null);
  });

  // ansible-playbook 2.14 (command_shell target): stdout "hello \\n \\r\\n" is kept whole with strip_empty_ends: no.
  it('strip_empty_ends: false keeps the newlines that end stdout and stderr', async () => {
    const run = await runYaml(`
- hosts: ${host()}
  tasks:
    - name: stripped
      shell: printf 'a \\n\\r\\n'; printf 'b\\n\\n' >&2
    - name: kept
      shell: printf 'a \\n\\r\\n'; printf 'b\\n\\n' >&2
      args: { strip_empty_ends: false }
`);
    expect(run.task('stripped').get(host())!.data).to.include({ stdout: 'a ', stderr: 'b' });
    expect(run.task('kept').get(host())!.data).to.include({ stdout: 'a \n\r\n', stderr: 'b\n\n' });
  });
});
