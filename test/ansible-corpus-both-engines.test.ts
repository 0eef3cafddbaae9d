// The Ansible corpus under both engines: each playbook here (test/ansible-corpus/<name>/)
// is one of issue 27's places where runbook used to mean something else than
// ansible-playbook. It runs with runbook and with ansible-playbook 2.14 on the same
// lab hosts, from a clean directory each time; both must end the same way, with the
// same recap and the same files, and that outcome is the one written here.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines (runbook and ansible-playbook 2.14)', function () {
  this.timeout(180_000);

  it('run-once-template: run_once rendered false runs on every host, rendered "yes" on the first', () => {
    bothEngines(
      'run-once-template',
      {
        ended: 'ok',
        recap: [counts({ ok: 3, changed: 3 }), counts({ ok: 2, changed: 2 })],
        files: [{ default: 'ran', told: 'ran' }, { default: 'ran' }],
      },
      { hosts: 2 },
    );
  });

  it('tags-forms: --tags tag2,from_var picks a comma-string tag and a templated one, not never', () => {
    bothEngines(
      'tags-forms',
      { ended: 'ok', recap: [counts({ ok: 3, changed: 3 })], files: [{ log: 'comma\ntemplated\n' }] },
      { args: ['--tags', 'tag2,from_var'] },
    );
  });

  it('tags-forms: --tags tagged runs every tagged task but the never one', () => {
    bothEngines(
      'tags-forms',
      { ended: 'ok', recap: [counts({ ok: 3, changed: 3 })], files: [{ log: 'comma\ntemplated\n' }] },
      { args: ['--tags', 'tagged'] },
    );
  });

  it('tags-forms: --tags never runs the never task', () => {
    bothEngines(
      'tags-forms',
      { ended: 'ok', recap: [counts({ ok: 2, changed: 2 })], files: [{ log: 'never\n' }] },
      { args: ['--tags', 'never'] },
    );
  });

  it('command-guards: creates/removes globs are expanded; stdin ends with a newline unless stdin_add_newline is false', () => {
    bothEngines('command-guards', {
      ended: 'ok',
      recap: [counts({ ok: 7, changed: 5 })],
      files: [{ 'first.done': 'x', 'removes-matched': 'ran\n', stdin: 'hello\n', 'stdin-bare': 'hello' }],
    });
  });

  it('set-fact-booleans: true/false/yes/no strings become booleans in every set_fact form, others stay strings', () => {
    bothEngines('set-fact-booleans', {
      ended: 'ok',
      recap: [counts({ ok: 6, changed: 3, skipped: 1 })],
      files: [{ values: '[false, true, true, "1", "abc", false, false, "on", "0", false]\n', b: 'x' }],
    });
  });

  it('handlers-dup-flush: of two handlers with one name only the first runs; a flush with when false waits', () => {
    bothEngines('handlers-dup-flush', {
      ended: 'ok',
      recap: [counts({ ok: 3, changed: 3 })],
      files: [{ log: 'after-flush\nfirst\n' }],
    });
  });

  it('include-syntax-error: a YAML error in an included file ends the run, past any rescue', () => {
    bothEngines('include-syntax-error', { ended: 'aborted', recap: [], files: [{ before: 'x' }] });
  });

  it('touch-existing: touch of an existing file is a change, in check mode too', () => {
    bothEngines('touch-existing', {
      ended: 'ok',
      recap: [counts({ ok: 6, changed: 6 })],
      files: [{ stamp: 'kept', said: 'changed file\n', 'said-in-check': 'changed\n' }],
    });
  });

  it('skip-forms: loop over [] and unarchive with creates: over an existing path are skipped', () => {
    bothEngines('skip-forms', {
      ended: 'ok',
      recap: [counts({ ok: 2, changed: 2, skipped: 2 })],
      files: [{ registered: 'skipped 0 No items in the list skipped\n' }],
    });
  });

  it('with-list-mapping: with_list given a mapping fails the task and the rescue runs', () => {
    bothEngines('with-list-mapping', {
      ended: 'ok',
      recap: [counts({ ok: 2, changed: 2, rescued: 1 })],
      files: [{ rescued: 'x' }],
    });
  });

  it('loop-register: each looped result holds the module fields and its loop variable; retries: 3 tries 4 times and registers attempts 3', () => {
    bothEngines('loop-register', {
      ended: 'ok',
      recap: [counts({ ok: 6, changed: 6, ignored: 1 })],
      files: [{ read: 'a a item 0 c word c All items completed\n', tries: 'try\ntry\ntry\ntry\n', attempts: '3\n' }],
    });
  });

  it('result-keys: file state/mode/uid, copy checksum, lineinfile msg, failed_when_result, debug msg, wait_for elapsed', () => {
    bothEngines('result-keys', {
      ended: 'ok',
      recap: [counts({ ok: 8, changed: 5 })],
      files: [
        {
          conf: 'hello\nsecond\n',
          keys: 'directory 0750 0 f572d396fae9206628714fb2ce00f72e94f2258f [line added] [] not-failed said elapsed\n',
        },
      ],
    });
  });

  it(
    'stat-slurp: stat (exists, isreg, mode, sha1 checksum, mimetype, charset, pw_name; a missing path; ' +
      'a directory with no checksum) and slurp (base64) read only',
    () => {
      bothEngines('stat-slurp', {
        ended: 'ok',
        recap: [counts({ ok: 7, changed: 3 })],
        files: [
          {
            f: 'hello\n',
            said: 'ok e reg 0640 6 f572d396fae9206628714fb2ce00f72e94f2258f text/plain us-ascii root missing dir nosum nomime base64 aGVsbG8K hello\n',
          },
        ],
      });
    },
  );

  it('tempfile: a 0700 directory and a 0600 file with prefix/suffix under path, always changed; skipped under check mode', () => {
    bothEngines('tempfile', {
      ended: 'ok',
      recap: [counts({ ok: 5, changed: 5, skipped: 1 })],
      files: [{ said: 'changed|directory 0700 root in-dir named|file 0600 0 in-d named|skipped' }],
    });
  });

  it('blockinfile: markers, in-place replacement, BOF/regex positions, removal, create, msg as Ansible, check mode', () => {
    const said = [
      'changed [Block inserted]',
      'ok []',
      'changed [Block inserted]',
      'changed [Block inserted]',
      'changed [Block inserted and ownership, perms or SE linux context changed]',
      'changed [ownership, perms or SE linux context changed]',
      'changed [Block removed]',
      'changed [Block inserted]',
      'changed [File created]',
      'ok [Path /tmp/corpus/blockinfile/none does not exist !]',
      'ok [File /tmp/corpus/blockinfile/none not present]',
    ];
    bothEngines('blockinfile', {
      ended: 'ok',
      recap: [counts({ ok: 14, changed: 11, ignored: 1 })],
      files: [
        {
          conf: '// BEGIN top\ntop\n// END top\na\nb\n# START mid\nmid\n# STOP mid\nc\n',
          'sub/new.conf': '# BEGIN ANSIBLE MANAGED BLOCK\nnew\n# END ANSIBLE MANAGED BLOCK\n',
          said: said.map((l) => `${l}\n`).join(''),
        },
      ],
    });
  });

  it('replace: MULTILINE regexp, \\1 and \\g<name>, after/before sections, msg as Ansible, mode alone, check mode, a missing file', () => {
    const said = [
      'changed [2 replacements made]',
      'ok []',
      'changed [1 replacements made]',
      'changed [1 replacements made]',
      'ok [Pattern for before/after params did not match the given file: nothere(?P<subsection>.*)]',
      'changed [ownership, perms or SE linux context changed]',
      'changed [2 replacements made]',
      'ok [Path /tmp/corpus/replace/none does not exist !]',
    ];
    bothEngines('replace', {
      ended: 'ok',
      recap: [counts({ ok: 11, changed: 8, ignored: 1 })],
      files: [
        {
          conf: '# head\nport = 800\nhost = b.example\n[tls]\nport = 8443\n# tail\n',
          said: said.map((l) => `${l}\n`).join(''),
        },
      ],
    });
  });

  it('ini-file: community.general.ini_file adds, changes, takes a commented place, values, exclusive, sections, create, msg as the module', () => {
    const said = [
      'changed [option added]',
      'ok [OK]',
      'changed [option changed]',
      'changed [option changed]',
      'changed [option changed]',
      'changed [option added]',
      'changed [option changed]',
      'changed [option changed]',
      'changed [section and option added]',
      'changed [section removed]',
      'changed [section and option added]',
      'ok [Destination /tmp/corpus/ini-file/none.ini does not exist!]',
    ];
    bothEngines('ini-file', {
      ended: 'ok',
      recap: [counts({ ok: 15, changed: 13, ignored: 1 })],
      files: [
        {
          'conf.ini':
            'top = 2\n[main]\n# comment\nport = 8080\nhost = a.example\ndebug=off\n\n[other]\nmulti = c\nmulti = b\nmulti = d\n[new]\nk = v\n',
          'sub/made.ini': '\n[s]\no = v\n',
          said: said.map((l) => `${l}\n`).join(''),
        },
      ],
    });
  });

  it('lineinfile-backrefs: backrefs rewrites the last matching line with \\1 / \\g<1>; no match leaves the file; re-applied, ok', () => {
    bothEngines('lineinfile-backrefs', {
      ended: 'ok',
      recap: [counts({ ok: 7, changed: 5 })],
      files: [
        {
          unit: 'ExecStart=/usr/bin/kubelet --extra --a=1\nfoo=bar\nfoo=baz\n',
          said: 'changed [line replaced]\nchanged [line replaced]\nok []\nok []\n',
        },
      ],
    });
  });

  it('module-defaults: play, role entry, block and task levels; short and FQCN keys; an inner entry replaces the outer whole; task args win', () => {
    bothEngines('module-defaults', {
      ended: 'ok',
      recap: [counts({ ok: 8, changed: 7 })],
      files: [{ 'block/one': '', 'play/one': '', 'role/from-role': '', 'task/three': '', 'task/two': '', touched: '' }],
    });
  });

  it(
    "role-scope: play roles' defaults/vars reach pre_tasks, later roles and tasks; " +
      'a dependency\'s reach its dependent; main/ directories; import_role *_from; "ROLE : handler"',
    () => {
      const log = [
        'pre second fixed',
        'base 80 second fixed',
        'app 80 second fixed blue',
        'after 80 second fixed blue small',
        'extra from-vars-other from-defaults-other',
        'notify',
        'handler base',
        'handler extra',
      ];
      bothEngines('role-scope', {
        ended: 'ok',
        recap: [counts({ ok: 9, changed: 9 })],
        files: [{ log: log.map((l) => `${l}\n`).join('') }],
      });
    },
  );

  it(
    "facts-names: gather_facts gives Ansible's fact names and shapes (checked against the host's own " +
      'answers), setup gather_subset/filter, magic variables',
    function () {
      // ansible-playbook's fact gathering on two hosts is slow on a busy machine.
      this.timeout(400_000);
      const facts = [
        'Debian Debian 12.11 12 bookworm',
        'Linux x86_64 apt sshd root',
        '[true, true]',
        'names [true, true, true]',
        'memory, vcpus [true, true]',
        'default [true, true, true]',
        'ipv4 keys address,alias,broadcast,gateway,interface,macaddress,mtu,netmask,network,prefix,type',
        'ipv6 keys address,gateway,interface,macaddress,mtu,prefix,scope,type',
        'iface [true]',
        'lo 127.0.0.1 loopback [true]',
        'mounts []',
        'env /root root user [true]',
        'python 3 /usr/bin/python3',
        'ansible_facts [true] Debian',
      ];
      const magic = [
        'version 2 14 [true]',
        'hosts 2 2 batch 1 [true]',
        'tags [["all"], ["nothing"], false]',
        'inventory inventory.yaml [true] playbook facts-names',
        'python [true]',
      ];
      const setup = [
        'network [true, false, true, ["!all", "!min", "network"]]',
        'filter ' +
          'ansible_distribution,ansible_distribution_major_version,ansible_distribution_minor_version,' +
          'ansible_distribution_release,ansible_distribution_version,ansible_os_family',
        'bad [true, true]',
      ];
      const lines = (l: string[]) => l.map((x) => `${x}\n`).join('');
      const files = { facts: lines(facts), magic: lines(magic), role: 'probe probe\n', setup: lines(setup) };
      bothEngines(
        'facts-names',
        {
          ended: 'ok',
          recap: [counts({ ok: 10, changed: 5, ignored: 1 }), counts({ ok: 10, changed: 5, ignored: 1 })],
          files: [files, files],
        },
        { hosts: 2, args: ['--skip-tags', 'nothing'] },
      );
    },
  );

  it('meta-actions: noop, end_host on one host, reset_connection, end_play (its handlers not run, the next play runs); no meta counts in the recap', () => {
    bothEngines(
      'meta-actions',
      {
        ended: 'ok',
        recap: [counts({ ok: 5, changed: 5 }), counts({ ok: 3, changed: 3 })],
        files: [{ log: 'one node1\ntwo\nthree\nnext play\n' }, { log: 'one node2\nnext play\n' }],
      },
      { hosts: 2 },
    );
  });

  it(
    'keywords-roles: connection local (task, play, ssh inside it), delegate_facts, ' +
      'play and block environment, apply on include_tasks/include_role, when on import_playbook; ' +
      'include_tasks counts ok, include_role not',
    () => {
      const common = ['from-play from-block', 'tasks from-play from-apply-tasks', 'role from-play from-apply-role'];
      const log = (l: string[]) => l.map((x) => `${x}\n`).join('');
      bothEngines(
        'keywords-roles',
        {
          ended: 'ok',
          recap: [counts({ ok: 12, changed: 10, skipped: 1 }), counts({ ok: 10, changed: 9, skipped: 2 })],
          files: [
            { log: log([...common, '[true, none]', '[true]', 'imported']) },
            { log: log([...common, '[true, set-by-node1]', '[true]']) },
          ],
        },
        { hosts: 2 },
      );
    },
  );
});
