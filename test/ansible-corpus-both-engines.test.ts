// The Ansible corpus under both engines: each playbook here (test/ansible-corpus/<name>/)
// is one of issue 27's places where runbook used to mean something else than
// ansible-playbook. It runs with runbook and with ansible-playbook 2.14 on the same
// lab hosts, from a clean directory each time; both must end the same way, with the
// same recap and the same files, and that outcome is the one written here.
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { haveAnsible, withAnsible, withRunbook, type CaseRun, type Counts, type EngineOutcome } from './support/both-engines.js';
import { hostNames } from './support/run.js';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { restoreApt, useLocalAptRepo } from './lab/sim/packages.js';
import { startStaticServer, type StaticServer } from './support/static-server-process.js';

function corpusFile(name: string): string {
  return join(fileURLToPath(new URL('../../test/ansible-corpus/', import.meta.url)), name, 'playbook.yaml');
}

const counts = (c: Partial<Counts>): Counts => ({ ok: 0, changed: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0, unreachable: 0, ...c });

interface Expected {
  ended: EngineOutcome['ended'];
  /** Per host index (0 = first lab host): the recap, and the files the run leaves. */
  recap: Counts[];
  files: Record<string, string>[];
}

/** Runs the case with both engines; each must give `want` (ansible-playbook's only when it is installed). */
function bothEngines(name: string, want: Expected, o: { hosts?: number; args?: string[] } = {}): void {
  const hosts = hostNames().slice(0, o.hosts ?? 1);
  const c: CaseRun = { hosts, args: o.args };
  const expected = {
    ended: want.ended,
    recap: want.ended === 'aborted' ? {} : Object.fromEntries(hosts.map((h, i) => [h, want.recap[i]])),
    files: Object.fromEntries(hosts.map((h, i) => [h, want.files[i]])),
  };
  const shape = (x: EngineOutcome) => ({ ended: x.ended, recap: x.recap, files: x.files });
  const rb = withRunbook(corpusFile(name), name, c);
  expect(shape(rb), `runbook:\n${rb.output}`).to.deep.equal(expected);
  if (!haveAnsible()) return;
  const an = withAnsible(corpusFile(name), name, c);
  // ansible-playbook did run the play: its json callback's stats, or the error that ended it.
  expect(an.output).to.match(/"stats": \{|ERROR! /);
  expect(shape(an), `ansible-playbook:\n${an.output.slice(0, 4000)}`).to.deep.equal(expected);
}

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
    bothEngines('tags-forms', { ended: 'ok', recap: [counts({ ok: 3, changed: 3 })], files: [{ log: 'comma\ntemplated\n' }] }, { args: ['--tags', 'tag2,from_var'] });
  });

  it('tags-forms: --tags tagged runs every tagged task but the never one', () => {
    bothEngines('tags-forms', { ended: 'ok', recap: [counts({ ok: 3, changed: 3 })], files: [{ log: 'comma\ntemplated\n' }] }, { args: ['--tags', 'tagged'] });
  });

  it('tags-forms: --tags never runs the never task', () => {
    bothEngines('tags-forms', { ended: 'ok', recap: [counts({ ok: 2, changed: 2 })], files: [{ log: 'never\n' }] }, { args: ['--tags', 'never'] });
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
    bothEngines('handlers-dup-flush', { ended: 'ok', recap: [counts({ ok: 3, changed: 3 })], files: [{ log: 'after-flush\nfirst\n' }] });
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
    bothEngines('skip-forms', { ended: 'ok', recap: [counts({ ok: 2, changed: 2, skipped: 2 })], files: [{ registered: 'skipped 0 No items in the list skipped\n' }] });
  });

  it('with-list-mapping: with_list given a mapping fails the task and the rescue runs', () => {
    bothEngines('with-list-mapping', { ended: 'ok', recap: [counts({ ok: 2, changed: 2, rescued: 1 })], files: [{ rescued: 'x' }] });
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
      files: [{ conf: 'hello\nsecond\n', keys: 'directory 0750 0 f572d396fae9206628714fb2ce00f72e94f2258f [line added] [] not-failed said elapsed\n' }],
    });
  });

  it('stat-slurp: stat (exists, isreg, mode, sha1 checksum, mimetype, charset, pw_name; a missing path; a directory with no checksum) and slurp (base64) read only', () => {
    bothEngines('stat-slurp', {
      ended: 'ok',
      recap: [counts({ ok: 7, changed: 3 })],
      files: [{ f: 'hello\n', said: 'ok e reg 0640 6 f572d396fae9206628714fb2ce00f72e94f2258f text/plain us-ascii root missing dir nosum nomime base64 aGVsbG8K hello\n' }],
    });
  });

  it('tempfile: a 0700 directory and a 0600 file with prefix/suffix under path, always changed; skipped under check mode', () => {
    bothEngines('tempfile', {
      ended: 'ok',
      recap: [counts({ ok: 5, changed: 5, skipped: 1 })],
      files: [{ said: 'changed|directory 0700 root in-dir named|file 0600 0 in-d named|skipped' }],
    });
  });

  it('blockinfile: markers, in-place replacement, BOF/regex positions, removal, create, msg as Ansible, check mode', () => {
    const said = [
      'changed [Block inserted]', 'ok []', 'changed [Block inserted]', 'changed [Block inserted]', 'changed [Block inserted and ownership, perms or SE linux context changed]',
      'changed [ownership, perms or SE linux context changed]', 'changed [Block removed]', 'changed [Block inserted]',
      'changed [File created]', 'ok [Path /tmp/corpus/blockinfile/none does not exist !]', 'ok [File /tmp/corpus/blockinfile/none not present]',
    ];
    bothEngines('blockinfile', {
      ended: 'ok',
      recap: [counts({ ok: 14, changed: 11, ignored: 1 })],
      files: [{
        conf: '// BEGIN top\ntop\n// END top\na\nb\n# START mid\nmid\n# STOP mid\nc\n',
        'sub/new.conf': '# BEGIN ANSIBLE MANAGED BLOCK\nnew\n# END ANSIBLE MANAGED BLOCK\n',
        said: said.map((l) => `${l}\n`).join(''),
      }],
    });
  });

  it('replace: MULTILINE regexp, \\1 and \\g<name>, after/before sections, msg as Ansible, mode alone, check mode, a missing file', () => {
    const said = [
      'changed [2 replacements made]', 'ok []', 'changed [1 replacements made]', 'changed [1 replacements made]',
      'ok [Pattern for before/after params did not match the given file: nothere(?P<subsection>.*)]',
      'changed [ownership, perms or SE linux context changed]', 'changed [2 replacements made]', 'ok [Path /tmp/corpus/replace/none does not exist !]',
    ];
    bothEngines('replace', {
      ended: 'ok',
      recap: [counts({ ok: 11, changed: 8, ignored: 1 })],
      files: [{ conf: '# head\nport = 800\nhost = b.example\n[tls]\nport = 8443\n# tail\n', said: said.map((l) => `${l}\n`).join('') }],
    });
  });

  it('ini-file: community.general.ini_file adds, changes, takes a commented place, values, exclusive, sections, create, msg as the module', () => {
    const said = [
      'changed [option added]', 'ok [OK]', 'changed [option changed]', 'changed [option changed]', 'changed [option changed]', 'changed [option added]',
      'changed [option changed]', 'changed [option changed]', 'changed [section and option added]', 'changed [section removed]',
      'changed [section and option added]', 'ok [Destination /tmp/corpus/ini-file/none.ini does not exist!]',
    ];
    bothEngines('ini-file', {
      ended: 'ok',
      recap: [counts({ ok: 15, changed: 13, ignored: 1 })],
      files: [{
        'conf.ini': 'top = 2\n[main]\n# comment\nport = 8080\nhost = a.example\ndebug=off\n\n[other]\nmulti = c\nmulti = b\nmulti = d\n[new]\nk = v\n',
        'sub/made.ini': '\n[s]\no = v\n',
        said: said.map((l) => `${l}\n`).join(''),
      }],
    });
  });

  it('lineinfile-backrefs: backrefs rewrites the last matching line with \\1 / \\g<1>; no match leaves the file; re-applied, ok', () => {
    bothEngines('lineinfile-backrefs', {
      ended: 'ok',
      recap: [counts({ ok: 7, changed: 5 })],
      files: [{ unit: 'ExecStart=/usr/bin/kubelet --extra --a=1\nfoo=bar\nfoo=baz\n', said: 'changed [line replaced]\nchanged [line replaced]\nok []\nok []\n' }],
    });
  });

  it('module-defaults: play, role entry, block and task levels; short and FQCN keys; an inner entry replaces the outer whole; task args win', () => {
    bothEngines('module-defaults', {
      ended: 'ok',
      recap: [counts({ ok: 8, changed: 7 })],
      files: [{ 'block/one': '', 'play/one': '', 'role/from-role': '', 'task/three': '', 'task/two': '', touched: '' }],
    });
  });

  it('role-scope: play roles\' defaults/vars reach pre_tasks, later roles and tasks; a dependency\'s reach its dependent; main/ directories; import_role *_from; "ROLE : handler"', () => {
    const log = [
      'pre second fixed', 'base 80 second fixed', 'app 80 second fixed blue', 'after 80 second fixed blue small',
      'extra from-vars-other from-defaults-other', 'notify', 'handler base', 'handler extra',
    ];
    bothEngines('role-scope', { ended: 'ok', recap: [counts({ ok: 9, changed: 9 })], files: [{ log: log.map((l) => `${l}\n`).join('') }] });
  });

  it('facts-names: gather_facts gives Ansible\'s fact names and shapes (checked against the host\'s own answers), setup gather_subset/filter, magic variables', function () {
    // ansible-playbook's fact gathering on two hosts is slow on a busy machine.
    this.timeout(400_000);
    const facts = [
      'Debian Debian 12.11 12 bookworm', 'Linux x86_64 apt sshd root', '[true, true]', 'names [true, true, true]', 'memory, vcpus [true, true]', 'default [true, true, true]',
      'ipv4 keys address,alias,broadcast,gateway,interface,macaddress,mtu,netmask,network,prefix,type', 'ipv6 keys address,gateway,interface,macaddress,mtu,prefix,scope,type',
      'iface [true]', 'lo 127.0.0.1 loopback [true]', 'mounts []', 'env /root root user [true]', 'python 3 /usr/bin/python3', 'ansible_facts [true] Debian',
    ];
    const magic = ['version 2 14 [true]', 'hosts 2 2 batch 1 [true]', 'tags [["all"], ["nothing"], false]', 'inventory inventory.yaml [true] playbook facts-names', 'python [true]'];
    const setup = [
      'network [true, false, true, ["!all", "!min", "network"]]',
      'filter ansible_distribution,ansible_distribution_major_version,ansible_distribution_minor_version,ansible_distribution_release,ansible_distribution_version,ansible_os_family',
      'bad [true, true]',
    ];
    const lines = (l: string[]) => l.map((x) => `${x}\n`).join('');
    const files = { facts: lines(facts), magic: lines(magic), role: 'probe probe\n', setup: lines(setup) };
    bothEngines('facts-names', { ended: 'ok', recap: [counts({ ok: 10, changed: 5, ignored: 1 }), counts({ ok: 10, changed: 5, ignored: 1 })], files: [files, files] }, { hosts: 2, args: ['--skip-tags', 'nothing'] });
  });

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

  it('keywords-roles: connection local (task, play, ssh inside it), delegate_facts, play and block environment, apply on include_tasks/include_role, when on import_playbook; include_tasks counts ok, include_role not', () => {
    const common = ['from-play from-block', 'tasks from-play from-apply-tasks', 'role from-play from-apply-role'];
    const log = (l: string[]) => l.map((x) => `${x}\n`).join('');
    bothEngines(
      'keywords-roles',
      {
        ended: 'ok',
        recap: [counts({ ok: 12, changed: 10, skipped: 1 }), counts({ ok: 10, changed: 9, skipped: 2 })],
        files: [{ log: log([...common, '[true, none]', '[true]', 'imported']) }, { log: log([...common, '[true, set-by-node1]', '[true]']) }],
      },
      { hosts: 2 },
    );
  });
});

// Issue 21's package and network modules, with what they need around them: the
// host's Debian sources put aside (apt never leaves the machine), and a static
// HTTP server in its own process (ansible-playbook runs with spawnSync).
describe('Ansible corpus under both engines: packages and network modules', function () {
  this.timeout(300_000);
  const host = () => hostNames()[0]!;

  describe('apt', () => {
    before(() => useLocalAptRepo(host(), [{ name: 'rbtest-base', version: '1.0-1' }]));
    after(() => restoreApt(host(), ['rbtest-base', 'rbcorpus-app', 'rbcorpus-lib']));

    it('apt-packages: apt_repository adds a source (cache updated), apt installs a pin, marks a named dependency manual without a change, latest upgrades, package_facts, apt_key adds and drops a key, purge, source removed', () => {
      bothEngines('apt-packages', {
        ended: 'ok',
        recap: [counts({ ok: 19, changed: 13 })],
        files: [{
          manual: 'rbcorpus-app\nrbcorpus-lib\n',
          said: 'added T present\nagain F\ninstalled T T F\nreinstalled F\nlib F\nlatest T F\nkey T F T T 16 0\nfacts 2.0 1 apt\n',
          source: 'gone\npurged\n',
        }],
      });
    });
  });

  it('yum-repository: sections written sorted (booleans 1/0, lists), a second section appended, re-applied ok, removed, the emptied file deleted', () => {
    bothEngines('yum-repository', {
      ended: 'ok',
      recap: [counts({ ok: 8, changed: 7 })],
      files: [{
        'both.repo': '[kubernetes]\nbaseurl = https://pkgs.k8s.io/core:/stable:/v1.28/rpm/\nenabled = 1\nexclude = kubelet kubeadm kubectl\ngpgcheck = 1\n' +
          'gpgkey = https://pkgs.k8s.io/core:/stable:/v1.28/rpm/repodata/repomd.xml.key\nname = Kubernetes\n\n' +
          '[cri-o]\nbaseurl = https://a.example/rpm/\n\thttps://b.example/rpm/\ngpgcheck = 0\nname = CRI-O\npriority = 10\n\n',
        said: 'T kubernetes present F T absent\n',
      }],
    });
  });

  describe('get_url and uri', () => {
    let server: StaticServer;
    let dir: string;
    const tool = 'tool v1\n';
    const sha = (s: string, algo = 'sha256') => createHash(algo).update(s).digest('hex');
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'runbook-corpus-http-'));
      writeFileSync(join(dir, 'tool.bin'), tool);
      writeFileSync(join(dir, 'SHA256SUMS'), `${sha('other')}  other.bin\n${sha(tool)}  tool.bin\n`);
      writeFileSync(join(dir, 'data.json'), '{"ready": true, "nodes": [1, 2]}');
      writeFileSync(join(dir, 'note.txt'), 'hello note\n');
      server = await startStaticServer(dir);
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('get-url-uri: get_url msg "OK (N bytes)" then "file already exists", sha1 checksum_src, status_code; uri status, json, content_type, return_content, a status_code list', () => {
      bothEngines('get-url-uri', {
        ended: 'ok',
        recap: [counts({ ok: 7, changed: 3 })],
        files: [{
          'tool.bin': tool,
          said: `first T OK (8 bytes) 200 ${sha(tool, 'sha1')} none /tmp/corpus/get-url-uri/tool.bin\n` +
            'second F file already exists none\n' +
            'api 200 1,2 application/json OK (32 bytes) F no content\n' +
            'note hello note 11\n' +
            'missing 404 F\n',
        }],
      }, { args: ['-e', `base=${server.url}`, '-e', `sha=${sha(tool)}`] });
    });
  });
});
