import { expect } from 'chai';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

// lineinfile on a lab host: apply (changed), apply again (ok, untouched), --check (nothing written).
describe('lineinfile module', () => {
  const host = () => hostNames()[0]!;
  const play = (args: string, vars = '{}') =>
    `- hosts: ${host()}\n  vars: ${vars}\n  tasks:\n    - name: l\n      lineinfile: ${args}\n`;
  const only = async (yaml: string, opts: Parameters<typeof runYaml>[1] = {}) =>
    (await runYaml(yaml, opts)).results[0]!;
  const put = (text: string) => onHost(host(), `printf '%s' '${text}' > /srv/t/f && chmod 0600 /srv/t/f`);

  beforeEach(() => onHost(host(), 'rm -rf /srv/t && mkdir -p /srv/t'));

  it('replaces the last line matching regexp, keeps every other byte (CRLF, no final newline), then is ok', async () => {
    put('# PermitRootLogin yes\nPermitRootLogin yes\r\nPort 22\nPermitRootLogin maybe');
    const yaml = play('{ path: /srv/t/f, regexp: "^PermitRootLogin", line: "PermitRootLogin no" }');
    const first = await only(yaml, { diff: true });
    expect(first.status).to.equal('changed');
    expect(first.diffs[0]).to.deep.include({
      before: '# PermitRootLogin yes\nPermitRootLogin yes\r\nPort 22\nPermitRootLogin maybe',
    });
    expect(hostFile(host(), '/srv/t/f')).to.equal(
      '# PermitRootLogin yes\nPermitRootLogin yes\r\nPort 22\nPermitRootLogin no',
    );
    expect(hostStat(host(), '/srv/t/f')).to.equal('600 regular file');
    const before = treeDigest(host(), '/srv/t');
    expect((await only(yaml)).status).to.equal('ok');
    expect(treeDigest(host(), '/srv/t')).to.equal(before);
  });

  it('under --check shows the diff and writes nothing', async () => {
    put('a=1\nb=2\n');
    const before = treeDigest(host(), '/srv/t');
    const r = await only(play('{ path: /srv/t/f, regexp: "^b=", line: "b=3" }'), { check: true, diff: true });
    expect(r.status).to.equal('changed');
    expect(r.diffs[0]).to.deep.include({ path: '/srv/t/f', before: 'a=1\nb=2\n', after: 'a=1\nb=3\n' });
    expect(treeDigest(host(), '/srv/t')).to.equal(before);
    expect(hostFile(host(), '/srv/t/f')).to.equal('a=1\nb=2\n');
  });

  it('appends at EOF after ending a last line without newline; insertafter / insertbefore / BOF place the line', async () => {
    put('[a]\nx=1\n[b]\ny=2');
    const cases: [string, string][] = [
      ['{ path: /srv/t/f, line: "z=9" }', '[a]\nx=1\n[b]\ny=2\nz=9\n'],
      ['{ path: /srv/t/f, line: "after_a=1", insertafter: "^\\\\[a\\\\]" }', '[a]\nafter_a=1\nx=1\n[b]\ny=2\nz=9\n'],
      [
        '{ path: /srv/t/f, line: "before_b=1", insertbefore: "^\\\\[b\\\\]" }',
        '[a]\nafter_a=1\nx=1\nbefore_b=1\n[b]\ny=2\nz=9\n',
      ],
      [
        '{ path: /srv/t/f, line: "# top", insertbefore: BOF }',
        '# top\n[a]\nafter_a=1\nx=1\nbefore_b=1\n[b]\ny=2\nz=9\n',
      ],
    ];
    for (const [args, want] of cases) {
      expect((await only(play(args))).status, args).to.equal('changed');
      expect(hostFile(host(), '/srv/t/f'), args).to.equal(want);
      expect((await only(play(args))).status, `${args} again`).to.equal('ok');
    }
  });

  it('a value with quotes, spaces and $(…) is written literally, and a regexp that stops matching adds nothing twice', async () => {
    put('OPTS=old\n');
    const value = `OPTS="--a 'b' $(touch /srv/t/pwned) \`id\`"`;
    const yaml = play('{ path: /srv/t/f, regexp: "^OPTS=old$", line: "{{v}}" }', JSON.stringify({ v: value }));
    expect((await only(yaml)).status).to.equal('changed');
    expect(hostFile(host(), '/srv/t/f')).to.equal(`${value}\n`);
    expect((await only(yaml)).status).to.equal('ok');
    expect(hostStat(host(), '/srv/t/pwned')).to.equal(null);
  });

  it('state absent removes every matching line, then is ok; a missing file is ok too', async () => {
    put('keep\nswap /a\nkeep2\nswap /b\n');
    const yaml = play('{ path: /srv/t/f, regexp: "^swap ", state: absent }');
    expect((await only(yaml)).status).to.equal('changed');
    expect(hostFile(host(), '/srv/t/f')).to.equal('keep\nkeep2\n');
    expect((await only(yaml)).status).to.equal('ok');
    expect((await only(play('{ path: /srv/t/missing, line: x, state: absent }'))).status).to.equal('ok');
  });

  it('a missing file fails unless create: true, which creates it with the mode', async () => {
    const missing = await only(play('{ path: /srv/t/new, line: "a=1" }'));
    expect(missing.status).to.equal('failed');
    expect(missing.msg).to.equal('/srv/t/new does not exist (set create: true to create it)');
    const yaml = play('{ path: /srv/t/new, line: "a=1", create: true, mode: "0640" }');
    expect((await only(yaml)).status).to.equal('changed');
    expect(hostFile(host(), '/srv/t/new')).to.equal('a=1\n');
    expect(hostStat(host(), '/srv/t/new')).to.equal('640 regular file');
    expect((await only(yaml)).status).to.equal('ok');
  });

  it('backup and validate work as for copy', async () => {
    put('a=1\n');
    const bad = await only(play('{ path: /srv/t/f, line: "b=2", backup: true, validate: "! grep -q b= %s" }'));
    expect(bad.status).to.equal('failed');
    expect(hostFile(host(), '/srv/t/f')).to.equal('a=1\n');
    const good = await only(play('{ path: /srv/t/f, line: "c=3", backup: true, validate: "grep -q c=3 %s" }'));
    expect(good.status).to.equal('changed');
    expect(hostFile(host(), good.data.backup_file as string)).to.equal('a=1\n');
    expect(hostFile(host(), '/srv/t/f')).to.equal('a=1\nc=3\n');
  });

  it('bad arguments fail clearly: an invalid regexp, both insert positions, a missing line', async () => {
    const regex = await only(play('{ path: /srv/t/f, regexp: "(", line: x, create: true }'));
    expect(regex.status).to.equal('failed');
    expect(regex.msg).to.match(/^"\(" is not a valid regular expression/);
    const both = await only(play('{ path: /srv/t/f, line: x, insertafter: a, insertbefore: b, create: true }'));
    expect(both.msg).to.equal('give insertafter or insertbefore, not both');
    const noLine = await runYaml(play('{ path: /srv/t/f, regexp: x }')).catch((e: Error) => e);
    expect(String(noLine)).to.contain('missing required argument "line"');
    expect(onHost(host(), 'ls -A /srv/t')).to.equal('');
  });

  it("backrefs: --check writes nothing, apply rewrites the last match with \\1, re-apply is ok; no regexp fails with Ansible's words", async () => {
    put('KUBELET_ARGS="--a"\nother\n');
    const yaml = play(
      `{ path: /srv/t/f, regexp: '^KUBELET_ARGS="(.*)"$', line: 'KUBELET_ARGS="\\1 --b"', backrefs: true }`,
    );
    const before = treeDigest(host(), '/srv/t');
    expect((await only(yaml, { check: true })).status).to.equal('changed');
    expect(treeDigest(host(), '/srv/t')).to.equal(before);
    const applied = await only(yaml);
    expect(applied.status).to.equal('changed');
    expect(hostFile(host(), '/srv/t/f')).to.equal('KUBELET_ARGS="--a --b"\nother\n');
    const noRegexp = await only(play('{ path: /srv/t/f, line: x, backrefs: true }'));
    expect(noRegexp).to.deep.include({ status: 'failed', msg: 'regexp is required with backrefs=true' });
    const stable = play(`{ path: /srv/t/f, regexp: '^(other)$', line: '\\1', backrefs: true }`);
    expect((await only(stable)).status).to.equal('ok');
    expect(hostFile(host(), '/srv/t/f')).to.equal('KUBELET_ARGS="--a --b"\nother\n');
  });
  it('firstmatch: --check --diff writes nothing, apply inserts after the first match, re-apply is ok; owner and mode on create say so in msg', async () => {
    put('[a]\nk=1\n[a]\nk=2\n');
    const args = '{ path: /srv/t/f, line: x=1, insertafter: "^\\\\[a\\\\]", firstmatch: true }';
    const checked = await only(play(args), { check: true, diff: true });
    expect(checked.status).to.equal('changed');
    expect(checked.diffs[0]).to.deep.include({ before: '[a]\nk=1\n[a]\nk=2\n', after: '[a]\nx=1\nk=1\n[a]\nk=2\n' });
    expect(hostFile(host(), '/srv/t/f')).to.equal('[a]\nk=1\n[a]\nk=2\n');
    expect((await only(play(args))).status).to.equal('changed');
    expect(hostFile(host(), '/srv/t/f')).to.equal('[a]\nx=1\nk=1\n[a]\nk=2\n');
    expect((await only(play(args))).status).to.equal('ok');
    const made = await only(play('{ path: /srv/t/new, line: hello, create: true, owner: nobody, mode: "0600" }'));
    expect(made.data.msg).to.equal('line added and ownership, perms or SE linux context changed');
    expect(onHost(host(), 'stat -c "%a %U" /srv/t/new').trim()).to.equal('600 nobody');
    expect(
      (await only(play('{ path: /srv/t/new, line: hello, create: true, owner: nobody, mode: "0600" }'))).status,
    ).to.equal('ok');
  });
});
