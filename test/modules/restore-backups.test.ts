import { expect } from 'chai';
import { backupAtMark } from '../../src/modules/runtime/backups-after-mark.js';
import { onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

// restore_backups on a lab host: backups written by `copy: backup: true` after a
// mark are restored (the oldest one: the file as it was at the mark), a file
// created after the mark is removed, one from before it is left alone.
describe('restore_backups module', () => {
  const host = () => hostNames()[0]!;
  const play = (tasks: string) => `- hosts: ${host()}\n  tasks:\n${tasks}`;
  const restore = (extra = '') =>
    `    - name: restore\n      restore_backups: { since: /srv/rb/mark, paths: [/srv/rb/conf, /srv/rb/new, /srv/rb/old, /srv/rb/absent]${extra} }\n`;

  beforeEach(() =>
    onHost(
      host(),
      "rm -rf /srv/rb && mkdir -p /srv/rb && printf 'before\\n' > /srv/rb/conf && chmod 0640 /srv/rb/conf && " +
        'echo old > /srv/rb/old && sleep 0.05 && touch /srv/rb/mark',
    ),
  );

  it('restores the oldest backup made after the mark, removes a file created after it, and a second run changes nothing', async () => {
    const change = play(
      '    - copy: { dest: /srv/rb/conf, content: "first change\\n", mode: "0644", backup: true }\n' +
        '    - copy: { dest: /srv/rb/conf, content: "second change\\n", backup: true }\n' +
        '    - copy: { dest: /srv/rb/new, content: "made by the change\\n" }\n',
    );
    await runYaml(change);
    expect(onHost(host(), 'ls /srv/rb/ | grep -c "conf\\..*~$"').trim()).to.equal('2');
    const first = (await runYaml(play(restore()))).task('restore').get(host())!;
    expect(first.status, first.msg).to.equal('changed');
    expect(first.data.removed).to.deep.equal(['/srv/rb/new']);
    expect((first.data.restored as { path: string }[]).map((r) => r.path)).to.deep.equal(['/srv/rb/conf']);
    expect(first.changes[0]).to.match(
      /^restore \/srv\/rb\/conf from \/srv\/rb\/conf\.\d+\.\d{4}-\d{2}-\d{2}@\d{2}:\d{2}:\d{2}~$/,
    );
    expect(
      onHost(host(), "stat -c '%a' /srv/rb/conf; cat /srv/rb/conf; cat /srv/rb/old; test -e /srv/rb/new || echo gone"),
    ).to.equal('640\nbefore\nold\ngone\n');
    const again = (await runYaml(play(restore()))).task('restore').get(host())!;
    expect(again).to.deep.include({ status: 'ok', changes: [] });
  });

  it('under --check says what it would do and writes nothing; remove_created: false keeps new files; a missing mark fails', async () => {
    await runYaml(
      play(
        '    - copy: { dest: /srv/rb/conf, content: "changed\\n", backup: true }\n    - copy: { dest: /srv/rb/new, content: "new\\n" }\n',
      ),
    );
    const before = treeDigest(host(), '/srv/rb');
    const checked = (await runYaml(play(restore()), { check: true, diff: true })).task('restore').get(host())!;
    expect(checked.status).to.equal('changed');
    expect(checked.changes).to.have.length(2);
    expect(checked.diffs[0]).to.deep.include({ path: '/srv/rb/conf', before: 'changed\n', after: 'before\n' });
    expect(treeDigest(host(), '/srv/rb')).to.equal(before);
    const kept = (await runYaml(play(restore(', remove_created: false')))).task('restore').get(host())!;
    expect(kept.data.removed).to.deep.equal([]);
    expect(onHost(host(), 'cat /srv/rb/new /srv/rb/conf')).to.equal('new\nbefore\n');
    onHost(host(), 'rm /srv/rb/mark');
    const unmarked = (await runYaml(play(restore()))).task('restore').get(host())!;
    expect(unmarked.status).to.equal('failed');
    expect(unmarked.msg).to.equal(
      `the mark /srv/rb/mark is not on ${host()}: nothing says which backups this change made, so nothing is restored`,
    );
  });

  it("picks the oldest by when it was made (ctime; not the name: a pid does not sort), and only that file's backups", () => {
    const p = '/etc/x.conf';
    const after = [
      { path: `${p}.900.2026-12-07@10:10:10~`, ctime: 5.2 },
      { path: `${p}.1200.2026-12-07@10:10:10~`, ctime: 5.1 },
      { path: `${p}.80.2026-12-07@10:10:11~`, ctime: 6 },
      { path: '/etc/x.conf.d.70.2026-12-07@10:10:09~', ctime: 1 },
      { path: `${p}.orig~`, ctime: 1 },
      { path: `${p}.20261207T101009.bak`, ctime: 1 },
    ];
    expect(backupAtMark(p, after)).to.deep.equal({ backup: `${p}.1200.2026-12-07@10:10:10~`, fileIsNewer: false });
    expect(backupAtMark(p, [{ path: p, ctime: 9 }])).to.deep.equal({ backup: undefined, fileIsNewer: true });
  });
});
