// Issue 21's file modules under both engines: each case runs with runbook and with
// ansible-playbook 2.14 on the same lab host; both must leave the same recap and files.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: file modules', function () {
  this.timeout(180_000);

  it('file-states: symbolic modes, link/hard and their refusals, owner/group, recurse, touch times, ~ on the host', () => {
    const dir = '/tmp/corpus/file-states';
    bothEngines('file-states', {
      ended: 'ok',
      recap: [counts({ ok: 22, changed: 13, ignored: 2 })],
      files: [
        {
          'a/b/c': 'c',
          f: 'x',
          f2: 'y',
          h: 'x',
          t: '',
          report: [
            `sym c 0700 file ${dir}/f`,
            'sym2 -',
            `ln c link ${dir}/ln f`,
            'ln2 -',
            `dangling f src file does not exist, use "force=yes" if you really want to create the link: ${dir}/nope`,
            `overfile f refusing to convert from file to symlink for ${dir}/f2`,
            `hard c hard ${dir}/h`,
            'hard2 -',
            'owned c nobody nogroup',
            'rec c -',
            'touch c - 1577979045',
            'home c /root/corpus-file-states 0755',
            'f 0700 2',
            'ln l f',
            'a 0750 b 0750 c 0640',
            'f2 nobody nogroup',
            '',
          ].join('\n'),
        },
      ],
    });
  });
  it('copy-forms: directory src with and without trailing slash, directory_mode, remote_src, force false, owner/group, content as JSON', () => {
    const dir = '/tmp/corpus/copy-forms';
    bothEngines('copy-forms', {
      ended: 'ok',
      recap: [counts({ ok: 11, changed: 7 })],
      files: [
        {
          'contents/a.txt': 'a\n',
          'contents/sub/b.txt': 'b\n',
          'remote-a': 'a\n',
          'remote-tree/a.txt': 'a\n',
          'remote-tree/sub/b.txt': 'b\n',
          'whole/tree/a.txt': 'a\n',
          'whole/tree/sub/b.txt': 'b\n',
          'list.json': '[1, "two"]',
          'mapping.json': '{"a": 1, "b": ["x", "\\u00e9"], "c": {"d": true, "e": null}}',
          report: [
            `whole c - ${dir}/whole/`,
            'contents c',
            `remote c - 3f786850e387550fdab836ed7e6dc881de23001b ${dir}/remote-a`,
            'rtree c',
            'unforced -',
            'modes 0750 0750 0755 0640',
            'owner nobody nogroup',
            '',
          ].join('\n'),
        },
      ],
    });
  });
  it(
    'fetch-find: fetch under dest/<host>/<path> and flat, fail_on_missing; find patterns, excludes, ' +
      'use_regex, contains, file_type, recurse, hidden, size, age',
    () => {
      const dir = '/tmp/corpus/fetch-find';
      const src = `${dir}/src`;
      const here = `/tmp/corpus-fetch-find-controller/node1${src}/a.conf`;
      const sum = '7b1874e01e75f25b1357bb102c1ad6f24377cfec';
      bothEngines('fetch-find', {
        ended: 'ok',
        recap: [counts({ ok: 19, changed: 9, ignored: 1 })],
        files: [
          {
            'src/a.conf': 'port=1\n',
            'src/b.conf': 'listen 80\nport=2\n',
            'src/c.txt': 'x',
            'src/.hidden.conf': 'h',
            'src/sub/d.conf': 'port=4\n',
            'src/sub/deep/e.conf': '',
            'src/sub/old.conf': '',
            'fetched-a': 'port=1\n',
            'fetched-b': 'listen 80\nport=2\n',
            report: [
              `f1 c ${here} ${sum} ${sum}`,
              `f2 - ${src}/a.conf ${here}`,
              'flat /tmp/corpus-fetch-find-controller/flat/b.conf',
              `missing - the remote file does not exist, not transferring, ignored ${dir}/nope`,
              'missing2 f the remote file does not exist, not transferring, ignored',
              `globs 2 5 ${src}/a.conf ${src}/b.conf All paths examined`,
              `rec 5 9 ${src}/.hidden.conf ${src}/a.conf ${src}/sub/d.conf ${src}/sub/deep/e.conf ${src}/sub/old.conf`,
              `rx 2 ${src}/a.conf ${src}/b.conf`,
              `dirs 2 ${src}/sub ${src}/sub/deep`,
              `old 1 ${src}/sub/old.conf`,
              `notdir 0 Not all paths examined, check warnings for details ${src}/a.conf '${src}/a.conf' is not a directory`,
              'one 0644 7 r root',
              '',
            ].join('\n'),
          },
        ],
      });
    },
  );
  it('lineinfile-forms: insertbefore/insertafter with BOF, EOF and regexes, firstmatch, state absent, create with owner and mode, msg', () => {
    bothEngines('lineinfile-forms', {
      ended: 'ok',
      recap: [counts({ ok: 14, changed: 11 })],
      files: [
        {
          conf: 'first\n[a]\nafter-first\nbefore-first\nk=first\n[a]\nafter-last\nk=2\nlast\n',
          new: 'hello\n',
          report:
            'bof line added\nrep line replaced\nthere - []\ngone 2 line(s) ' +
            'removed / - []\ncreated c line added and ownership, ' +
            'perms or SE linux context changed 0600 nobody\n',
        },
      ],
    });
  });
});
