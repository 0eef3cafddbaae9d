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

  it('sysctl: a sysctl.d file written and reloaded, yes as 1, ignoreerrors, absent, check mode (lab stand-in for the running values)', () => {
    bothEngines('sysctl', {
      ended: 'ok',
      recap: [counts({ ok: 10, changed: 9 })],
      files: [{ '90-k8s.conf': 'net.ipv4.ip_forward=1\nnet.lab.missing-key=1\n', said: 'changed ok changed changed changed changed 11 1\n' }],
    });
  });

  it('systemd-mask: daemon_reload alone is ok, started+enabled then ok, stopped+masked, masked again ok, unmask in check mode and for real', () => {
    bothEngines('systemd-mask', {
      ended: 'ok',
      recap: [counts({ ok: 12, changed: 9 })],
      files: [{ said: 'ok changed ok changed ok changed changed on started inactive enabled inactive\n' }],
    });
  });

  it('accounts: group with gid, user with uid/groups/shell/comment, append, check mode, password_lock, removal; result fields', () => {
    bothEngines('accounts', {
      ended: 'ok',
      recap: [counts({ ok: 14, changed: 11 })],
      files: [{
        said:
          'changed ok changed changed ok changed changed ok changed changed \n' +
          '4300 4300 4301 4302 /home/corpususer /bin/bash Corpus User corpusgrp corpusgrp corpusgrp2 append remove absent absent\n' +
          'corpususer:x:4301:4302:Corpus User:/home/corpususer:/bin/bash\ncorpususer corpusgrp corpusgrp2\n!\nhome\nno-uid\n',
      }],
    });
  });

  it('mount-swap: a tmpfs mounted from its own fstab, again ok, check mode, swap lines removed as node roles do, unmounted, absent', () => {
    bothEngines('mount-swap', {
      ended: 'ok',
      recap: [counts({ ok: 10, changed: 9 })],
      files: [{ fstab: '# corpus\nUUID=abc / ext4 errors=remount-ro 0 1\n', said: 'changed ok changed changed changed changed mnt tmpfs tmpfs size=1m 0 0 yes fstab []\n' }],
    });
  });

  it('hostname: /etc/hostname on a host without systemd (FileStrategy), facts, again ok, check mode', () => {
    bothEngines('hostname', {
      ended: 'ok',
      recap: [counts({ ok: 8, changed: 7 })],
      files: [{ said: 'changed ok changed corpus-node.lab.example other other corpus-node.lab.example\n' }],
    });
  });

  it('getent: passwd/group/services by key as facts, a missing key with fail_key false and true, never a change', () => {
    bothEngines('getent', {
      ended: 'ok',
      recap: [counts({ ok: 8, changed: 2, failed: 0, ignored: 1 })],
      files: [{ said: 'x|0|0|root|/root|/bin/bash x|0| 22/tcp null [One or more supplied key could not be found in the database.] [One or more supplied key could not be found in the database.] ok ok\n' }],
    });
  });
});
