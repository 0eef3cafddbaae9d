import { expect } from 'chai';
import { shellQuoteValue } from '../../src/quote.js';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

// copy/template options: validate, backup, owner/group. Each: apply, apply again, --check.
describe('copy and template: validate, backup, owner and group', () => {
  const host = () => hostNames()[0]!;
  const play = (tasks: string, vars = '{}') => `- hosts: ${host()}\n  vars: ${vars}\n  tasks:\n${tasks}`;
  const only = async (yaml: string, opts: Parameters<typeof runYaml>[1] = {}) =>
    (await runYaml(yaml, opts)).results[0]!;
  const leftovers = () =>
    onHost(host(), 'ls -A /srv/t')
      .split('\n')
      .filter((f) => f.includes('runbook'));
  // The files in /srv/t with mode, size and mtime (the directory's own mtime moves with the temp file).
  const listing = () => onHost(host(), "cd /srv/t && find . -mindepth 1 -printf '%p %m %s %T@\\n' | sort");
  const backups = () =>
    onHost(host(), 'ls -A /srv/t')
      .split('\n')
      .filter((f) => f.endsWith('~'));

  beforeEach(() => onHost(host(), 'rm -rf /srv/t && mkdir -p /srv/t'));

  it('validate runs on the new content in a temp file beside dest, then the file is replaced; ok on re-run', async () => {
    onHost(host(), 'printf "old\\n" > /srv/t/a.conf');
    const yaml = play(
      `    - name: c\n      copy: { dest: /srv/t/a.conf, content: "ok=1\\n", validate: "cp %s /srv/t/seen && echo %s > /srv/t/seen-path && grep -q ok= %s" }\n`,
    );
    const first = await only(yaml);
    expect(first.status).to.equal('changed');
    expect(first.changes[0]).to.equal(
      'write /srv/t/a.conf (5 bytes, validated by: cp %s /srv/t/seen && echo %s > /srv/t/seen-path && grep -q ok= %s)',
    );
    expect(hostFile(host(), '/srv/t/a.conf')).to.equal('ok=1\n');
    expect(hostFile(host(), '/srv/t/seen')).to.equal('ok=1\n');
    expect(hostFile(host(), '/srv/t/seen-path')).to.match(/^\/srv\/t\/\.a\.conf\.runbook-validate-[0-9a-f]{12}\n$/);
    expect(leftovers()).to.deep.equal([]);
    onHost(host(), 'rm /srv/t/seen');
    expect((await only(yaml)).status).to.equal('ok');
    expect(hostFile(host(), '/srv/t/seen')).to.equal(null);
  });

  it('a failing validation fails the task with exit code and output, leaves the old file, and removes the temp file', async () => {
    onHost(host(), 'printf "old\\n" > /srv/t/a.conf && chmod 0640 /srv/t/a.conf');
    const before = listing();
    const r = await only(
      play(
        `    - name: c\n      copy: { dest: /srv/t/a.conf, content: "broken\\n", backup: true, validate: "sh -c 'echo bad syntax in $0 >&2; exit 3' %s" }\n`,
      ),
    );
    expect(r.status).to.equal('failed');
    expect(r.msg).to.match(
      /^validation of the new \/srv\/t\/a\.conf failed \(exit code 3\), the file was left as it was: bad syntax in \/srv\/t\/\.a\.conf\.runbook-validate-/,
    );
    expect((r.data.validate as { rc: number }).rc).to.equal(3);
    expect(listing()).to.equal(before);
    expect(hostFile(host(), '/srv/t/a.conf')).to.equal('old\n');
  });

  it('validate under --check is not run and says so; nothing is written', async () => {
    onHost(host(), 'printf "old\\n" > /srv/t/a.conf');
    const before = treeDigest(host(), '/srv/t');
    const r = await only(
      play(
        `    - name: c\n      copy: { dest: /srv/t/a.conf, content: "new\\n", backup: true, validate: "touch /srv/t/ran; true %s" }\n`,
      ),
      { check: true, diff: true },
    );
    expect(r.status).to.equal('changed');
    expect(r.changes[0]).to.equal(
      'write /srv/t/a.conf (4 bytes, validation not run in check mode, old file backed up)',
    );
    expect(r.diffs[0]).to.deep.include({ before: 'old\n', after: 'new\n' });
    expect(treeDigest(host(), '/srv/t')).to.equal(before);
  });

  it('validate quotes the temp path: a dest with spaces and quotes reaches the command as one word', async () => {
    const dest = `/srv/t/it's a "x" $(touch pwned) \`touch pwned2\`.conf`;
    const yaml = play(
      `    - name: c\n      copy: { dest: "{{d}}", content: "v\\n", validate: "test -f %s && cp %s /srv/t/seen" }\n`,
      JSON.stringify({ d: dest }),
    );
    const r = await only(yaml);
    expect(r.status, r.msg).to.equal('changed');
    expect(onHost(host(), `cat ${shellQuoteValue(dest)}`)).to.equal('v\n');
    expect(hostFile(host(), '/srv/t/seen')).to.equal('v\n');
    expect(onHost(host(), 'ls -A /srv/t ~ | grep -cxE "pwned2?" || true').trim()).to.equal('0');
    expect((await only(yaml)).status).to.equal('ok');
  });

  // As Ansible's modules: checked when the file is to change (fails before any change), not when it is as wanted.
  it("validate without %s fails with Ansible's words when the file would change, and writes nothing", async () => {
    onHost(host(), 'printf "x" > /srv/t/same');
    const r = await only(play(`    - name: c\n      copy: { dest: /srv/t/a, content: x, validate: "true" }\n`));
    expect(r.status).to.equal('failed');
    expect(r.msg).to.equal('validate must contain %s: true');
    expect(r.changes).to.have.length(0);
    expect(onHost(host(), 'test -e /srv/t/a && echo there || echo none').trim()).to.equal('none');
    const same = await only(play(`    - name: c\n      copy: { dest: /srv/t/same, content: x, validate: "true" }\n`));
    expect(same.status, same.msg).to.equal('ok');
  });

  // Ansible 2.14 (AnsibleModule.backup_local): `<dest>.<pid>.<YYYY-MM-DD@HH:MM:SS>~`, the time now in the host's
  // local time zone, the copy keeping mode, owner and mtime (shutil.copy2).
  it('backup keeps the old file with its mode and mtime as <dest>.<pid>.<YYYY-MM-DD@HH:MM:SS>~, only when the content changes', async () => {
    onHost(host(), 'printf "v1\\n" > /srv/t/a.conf && chmod 0640 /srv/t/a.conf && touch -d @1700000000 /srv/t/a.conf');
    const hostNow = onHost(host(), 'date +%Y-%m-%d@%H:%M').trim();
    const yaml = (content: string, mode = '0640') =>
      play(
        `    - name: c\n      copy: { dest: /srv/t/a.conf, content: "${content}", mode: "${mode}", backup: true }\n`,
      );
    const r = await only(yaml('v2\\n'));
    expect(r.status).to.equal('changed');
    const backup = r.data.backup_file as string;
    expect(backup).to.match(/^\/srv\/t\/a\.conf\.\d+\.\d{4}-\d{2}-\d{2}@\d{2}:\d{2}:\d{2}~$/);
    // The name's time is the host's clock when the backup was made (not the old file's mtime, 2023-11-14).
    expect([hostNow, onHost(host(), 'date +%Y-%m-%d@%H:%M').trim()]).to.include(backup.split('.')[3]!.slice(0, 16));
    expect(hostFile(host(), backup)).to.equal('v1\n');
    expect(hostStat(host(), backup)).to.equal('640 regular file');
    expect(onHost(host(), `stat -c %Y ${shellQuoteValue(backup)}`)).to.equal('1700000000\n');
    expect(hostFile(host(), '/srv/t/a.conf')).to.equal('v2\n');

    expect((await only(yaml('v2\\n'))).status).to.equal('ok');
    const chmod = await only(yaml('v2\\n', '0600'));
    expect(chmod.changes).to.deep.equal(['chmod 0600 /srv/t/a.conf (was 0640)']);
    expect(chmod.data.backup_file).to.equal(undefined);
    expect(backups()).to.have.length(1);

    // A second content change within the same second gets its own backup.
    const again = await only(yaml('v3\\n'));
    expect(again.data.backup_file).to.not.equal(backup);
    expect(hostFile(host(), again.data.backup_file as string)).to.equal('v2\n');
    expect(backups()).to.have.length(2);
  });

  it('backup of a file that does not exist yet makes no backup', async () => {
    const r = await only(play(`    - name: c\n      copy: { dest: /srv/t/new.conf, content: "x\\n", backup: true }\n`));
    expect(r.status).to.equal('changed');
    expect(r.data.backup_file).to.equal(undefined);
    expect(backups()).to.deep.equal([]);
  });

  it('owner and group by name set a new file at write time, change only uid/gid later, and are ok on re-run', async () => {
    const yaml = (owner: string, group: string) =>
      play(
        `    - name: c\n      copy: { dest: /srv/t/o.conf, content: "x\\n", owner: ${owner}, group: ${group}, mode: "0640" }\n`,
      );
    expect((await only(yaml('daemon', 'nogroup'))).status).to.equal('changed');
    expect(onHost(host(), 'stat -c "%u:%g %a" /srv/t/o.conf').trim()).to.equal('1:65534 640');
    expect((await only(yaml('daemon', 'nogroup'))).status).to.equal('ok');
    expect((await only(yaml('1', '65534'))).status).to.equal('ok');

    const chown = await only(yaml('0', 'daemon'));
    expect(chown.status).to.equal('changed');
    expect(chown.changes).to.deep.equal(['chown 0:1 /srv/t/o.conf (was 1:65534)']);
    expect(onHost(host(), 'stat -c "%u:%g %a" /srv/t/o.conf').trim()).to.equal('0:1 640');

    onHost(host(), 'chown 1:1 /srv/t/o.conf');
    const before = treeDigest(host(), '/srv/t');
    const check = await only(yaml('root', 'root'), { check: true });
    expect(check.changes).to.deep.equal(['chown 0:0 /srv/t/o.conf (was 1:1)']);
    expect(treeDigest(host(), '/srv/t')).to.equal(before);
    expect(onHost(host(), 'stat -c "%u:%g" /srv/t/o.conf').trim()).to.equal('1:1');
  });

  it('a missing user or group fails clearly, and a hostile name runs nothing', async () => {
    const nasty = `x'"$(touch\${IFS}/srv/t/pwned)\`touch\${IFS}/srv/t/pwned2\``;
    const user = await only(
      play(`    - name: c\n      copy: { dest: /srv/t/o, content: x, owner: "{{u}}" }\n`, JSON.stringify({ u: nasty })),
    );
    expect(user.status).to.equal('failed');
    expect(user.msg).to.equal(`user ${JSON.stringify(nasty)} does not exist on ${host()}`);
    const group = await only(play(`    - name: c\n      copy: { dest: /srv/t/o, content: x, group: no-such-group }\n`));
    expect(group.msg).to.equal(`group "no-such-group" does not exist on ${host()}`);
    expect(onHost(host(), 'ls -A /srv/t')).to.equal('');
  });

  it('template takes the same options: validate rejects, backup keeps the old file', async () => {
    onHost(host(), 'printf "port=1\\n" > /srv/t/app.conf');
    const files = { 'templates/app.hbs': 'port={{port}}\n' };
    const yaml = (port: string) =>
      play(
        `    - name: t\n      template: { src: app.hbs, dest: /srv/t/app.conf, backup: true, validate: "grep -qx 'port=[0-9]*' %s" }\n`,
        `{ port: "${port}" }`,
      );
    const bad = await only(yaml('http'), { files });
    expect(bad.status).to.equal('failed');
    expect(bad.msg).to.contain('exit code 1');
    expect(hostFile(host(), '/srv/t/app.conf')).to.equal('port=1\n');
    expect(backups()).to.deep.equal([]);
    const good = await only(yaml('8080'), { files });
    expect(good.status).to.equal('changed');
    expect(hostFile(host(), good.data.backup_file as string)).to.equal('port=1\n');
    expect(hostFile(host(), '/srv/t/app.conf')).to.equal('port=8080\n');
    expect((await only(yaml('8080'), { files })).status).to.equal('ok');
    expect(leftovers()).to.deep.equal([]);
  });
});
