// The Ansible corpus: small playbooks written the way Ansible users write them
// (test/ansible-corpus/<name>/playbook.yaml), each run on a lab host and its
// outcome asserted: the host's files and the recap.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { hostFile, hostStat, onHost } from './support/host-shell.js';
import { hostNames, runFile, type Recorded } from './support/run.js';
import { resetUnits } from './lab/sim/units.js';
import { lab } from './lab/shared.js';
import { sudoInventory } from './engine/become-support.js';
import { runbook } from './cli/support.js';

/** Path of a corpus playbook (tests run from dist/test/). */
function corpusFile(name: string): string {
  return join(fileURLToPath(new URL('../../test/ansible-corpus/', import.meta.url)), name, 'playbook.yaml');
}

const runCorpus = (name: string, opts: Parameters<typeof runFile>[1] = {}): Promise<Recorded> =>
  runFile(corpusFile(name), { limit: [hostNames()[0]!], ...opts });

/** Every host's recap has no failure and no rescue, and no task result failed. */
function clean(run: Recorded): void {
  for (const [h, c] of run.recap) expect(c, h).to.include({ failed: 0, unreachable: 0, rescued: 0 });
  expect(run.results.filter((r) => r.status === 'failed').map((r) => `${r.host}: ${r.msg}`)).to.deep.equal([]);
}

/** The corpus entry's directory removed on these hosts first, so each run starts from the same state. */
function fresh(name: string, hosts: string[] = [hostNames()[0]!]): void {
  for (const h of hosts) onHost(h, `rm -rf /tmp/corpus/${name}`);
}

/** Names of the tasks that ran on a host, in order (skipped ones left out). */
const ran = (run: Recorded, host: string): string[] =>
  run.events.flatMap((e) =>
    e.kind === 'task-result' && e.result.host === host && e.result.status !== 'skipped' ? [e.task] : [],
  );

describe('Ansible corpus', () => {
  const host = () => hostNames()[0]!;

  it('yaml-1-1: yes/no/on/off are booleans and 0750 is an octal mode', async () => {
    onHost(host(), 'rm -rf /tmp/corpus/yaml-1-1');
    const run = await runCorpus('yaml-1-1');
    expect(hostStat(host(), '/tmp/corpus/yaml-1-1')).to.equal('750 directory');
    expect(hostStat(host(), '/tmp/corpus/yaml-1-1/ran')).to.equal('640 regular file');
    // ansible-playbook 2.14 wrote "True": `"{{ enabled }}\n"` renders to the boolean, its newline dropped.
    expect(hostFile(host(), '/tmp/corpus/yaml-1-1/enabled')).to.equal('True');
    expect(hostStat(host(), '/tmp/corpus/yaml-1-1/check-mode-no')).to.equal('644 regular empty file');
    expect(run.task('a failure that ignore_errors yes lets pass').get(host())).to.include({
      status: 'failed',
      ignored: true,
    });
    expect(run.recap.get(host())).to.include({ failed: 0, skipped: 0 });
  });

  it('task-forms: args:, k=v, with_items/with_list/with_dict/with_fileglob and loop_control', async () => {
    const run = await runCorpus('task-forms');
    const dir = '/tmp/corpus/task-forms';
    expect(run.recap.get(host())).to.include({ failed: 0 });
    expect(hostStat(host(), dir)).to.equal('755 directory');
    expect(hostFile(host(), `${dir}/done`)).to.equal('');
    expect(run.task('command with creates= in its free form').get(host())).to.include({
      status: 'ok',
      msg: `not run: ${dir}/done exists`,
    });
    expect(hostFile(host(), `${dir}/where`)).to.equal('here\n');
    expect(hostFile(host(), `${dir}/hello`)).to.equal('hello world');
    expect(hostStat(host(), `${dir}/hello`)).to.equal('600 regular file');
    expect(hostFile(host(), `${dir}/items`)).to.equal('a\nb\nc\n');
    expect(hostFile(host(), `${dir}/list`)).to.equal('x,y\nz\n');
    expect(hostFile(host(), `${dir}/dict`)).to.equal('alice=1001\nbob=1002\n');
    expect(hostFile(host(), `${dir}/a.conf`)).to.equal('a = 1\n');
    expect(hostFile(host(), `${dir}/b.conf`)).to.equal('b = 2\n');
    expect(hostFile(host(), `${dir}/c.txt`)).to.equal(null);
    expect(hostFile(host(), `${dir}/indexed`)).to.equal('0:first\n1:second\n');
    const labelled = run.task('loop_control label, index_var and pause').get(host())!;
    expect(labelled.items!.map((i) => i.label)).to.deep.equal(['first', 'second']);
  });

  it('module-names: ansible.builtin.*, ansible.legacy.* and service run runbook modules', async () => {
    resetUnits(host(), 'corpus-web');
    onHost(host(), 'rm -rf /tmp/corpus/module-names');
    const run = await runCorpus('module-names');
    expect(run.recap.get(host())).to.include({ failed: 0, changed: 4, ok: 5 });
    // daemon-reload runs first and is no change by itself (as ansible-playbook 2.14).
    expect(run.task('service as Ansible writes it').get(host())!.changes).to.deep.equal([
      'enable corpus-web (was disabled)',
      'start corpus-web (was inactive)',
    ]);
    expect(run.task('plain service with a unit alias').get(host())!.status).to.equal('ok');
    expect(onHost(host(), 'systemctl is-active corpus-web; systemctl is-enabled corpus-web').trim()).to.equal(
      'active\nenabled',
    );
    expect(hostFile(host(), '/tmp/corpus/module-names/done')).to.equal('');
    resetUnits(host(), 'corpus-web');
  });

  it('task-names: a name with {{ }} is shown rendered; --start-at-task takes a shell-style pattern', async () => {
    fresh('task-names');
    const run = await runCorpus('task-names');
    clean(run);
    expect(ran(run, host())).to.deep.equal([
      'Create /tmp/corpus/task-names',
      'Write the shop config',
      'Mark {{ item }}',
    ]);
    expect(hostFile(host(), '/tmp/corpus/task-names/shop.conf')).to.equal('name=shop\n');
    onHost(host(), 'rm -f /tmp/corpus/task-names/shop.conf /tmp/corpus/task-names/one');
    const later = await runCorpus('task-names', { startAtTask: 'Mark*' });
    clean(later);
    expect(ran(later, host())).to.deep.equal(['Mark {{ item }}']);
    expect(hostFile(host(), '/tmp/corpus/task-names/shop.conf')).to.equal(null);
    expect(hostFile(host(), '/tmp/corpus/task-names/one')).to.equal('');
  });

  it('host-patterns: all[0], all[-1], all[1:2], and localhost as play hosts and delegate_to target', async () => {
    const localDir = mkdtempSync(join(tmpdir(), 'runbook-corpus-local-'));
    const run = await runFile(corpusFile('host-patterns'), { extraVars: { local_dir: localDir } });
    const [first, second, third] = hostNames();
    const has = (h: string, name: string) => hostFile(h, `/tmp/corpus/host-patterns/${name}`) !== null;
    expect(hostNames().map((h) => ['first', 'last', 'range'].filter((f) => has(h, f)))).to.deep.equal([
      ['first'],
      ['range'],
      ['last', 'range'],
    ]);
    expect(run.task('on the controller').get('localhost')!.status).to.equal('changed');
    expect(readFileSync(join(localDir, 'local'), 'utf8')).to.equal(
      `${execFileSync('hostname', { encoding: 'utf8' }).trim()} ${execFileSync('id', ['-u'], { encoding: 'utf8' }).trim()}\n`,
    );
    for (const h of [first!, second!, third!]) {
      expect(readFileSync(join(localDir, `from-${h}`), 'utf8')).to.equal(`${h}\n`);
      expect(run.task('report to the controller').get(h)).to.include({ status: 'changed', delegatedTo: 'localhost' });
    }
    expect(run.recap.get('localhost')).to.include({ changed: 1, failed: 0 });
    expect([...run.recap.values()].every((c) => c.failed === 0 && c.unreachable === 0)).to.equal(true);
  });

  it('role-meta-deps: a meta dependency runs first, once for the same parameters, again for others', async () => {
    fresh('role-meta-deps');
    const run = await runCorpus('role-meta-deps');
    clean(run);
    expect(hostFile(host(), '/tmp/corpus/role-meta-deps/log')).to.equal('common first\nweb\ncommon again\napi\n');
    expect(run.recap.get(host())).to.include({ ok: 7, changed: 5, skipped: 0 });
  });

  it('role-precedence: defaults < play vars < role vars < role parameters < extra vars', async () => {
    fresh('role-precedence');
    const run = await runCorpus('role-precedence', { extraVars: { tone: 'extra-tone' } });
    clean(run);
    expect(hostFile(host(), '/tmp/corpus/role-precedence/seen')).to.equal(
      'default-color play-size role-vars-shape param-weight extra-tone\n',
    );
    expect(run.recap.get(host())).to.include({ ok: 3, changed: 2 });
  });

  it("role-handlers-files: the role's templates/ and files/ come first; its handler runs once", async () => {
    fresh('role-handlers-files');
    const run = await runCorpus('role-handlers-files');
    clean(run);
    const dir = '/tmp/corpus/role-handlers-files';
    expect(hostFile(host(), `${dir}/site.conf`)).to.equal(`listen 8080\nserver_name ${host()}\n`);
    expect(hostFile(host(), `${dir}/index.html`)).to.equal('<h1>hello</h1>\n');
    expect(run.task('site : site config').get(host())!.status).to.equal('changed');
    expect(run.task('site : restart site').get(host())!.status).to.equal('changed');
    expect(hostFile(host(), `${dir}/restarts`)).to.equal('restarted on 8080\n');
    expect(run.recap.get(host())).to.include({ ok: 5, changed: 4 });
    const again = await runCorpus('role-handlers-files');
    expect(hostFile(host(), `${dir}/restarts`)).to.equal('restarted on 8080\n');
    expect(again.recap.get(host())).to.include({ failed: 0, changed: 5 });
  });

  it('include-role: include_role with tasks_from and vars; a false when skips it', async () => {
    fresh('include-role');
    const run = await runCorpus('include-role');
    clean(run);
    expect(onHost(host(), 'ls /tmp/corpus/include-role').trim().split('\n')).to.deep.equal(['alice', 'carol', 'dave']);
    expect(hostFile(host(), '/tmp/corpus/include-role/dave')).to.equal('dave /bin/sh\n');
    expect(hostFile(host(), '/tmp/corpus/include-role/alice')).to.equal('alice /bin/sh\n');
    expect(run.task('create bob when wanted').get(host())!.status).to.equal('skipped');
    expect(run.task('create alice').get(host())).to.include({ status: 'ok' });
    expect(run.recap.get(host())).to.include({ ok: 5, changed: 5, skipped: 1 });
  });

  it('import-role: static role import with vars, when and tasks_from', async () => {
    fresh('import-role');
    const run = await runCorpus('import-role');
    clean(run);
    expect(hostFile(host(), '/tmp/corpus/import-role/motd')).to.equal('welcome\n');
    expect(hostFile(host(), '/tmp/corpus/import-role/extra')).to.equal('extra\n');
    expect(run.recap.get(host())).to.include({ ok: 4, changed: 3, skipped: 1 });
  });

  it("include-tasks-loop: each loop item includes a file named from a variable, with the include's vars", async () => {
    fresh('include-tasks-loop');
    const run = await runCorpus('include-tasks-loop');
    clean(run);
    const dir = '/tmp/corpus/include-tasks-loop';
    expect(hostFile(host(), `${dir}/sites`)).to.equal('site-alpha\nsite-beta\n');
    expect(onHost(host(), `ls ${dir}`).trim().split('\n')).to.deep.equal(['alpha', 'beta', 'sites']);
    expect(hostFile(host(), `${dir}/alpha`)).to.equal('alpha');
    expect(run.task('set up each site').get(host())!.msg).to.match(/included: .*tasks\/web-setup\.yaml/);
    // ansible-playbook 2.14 gave ok=8: each of the two inclusions counts ok.
    expect(run.recap.get(host())).to.include({ ok: 8, changed: 5, skipped: 1 });
  });

  it('import-tasks-vars: one task file imported twice with different vars', async () => {
    fresh('import-tasks-vars');
    const run = await runCorpus('import-tasks-vars');
    clean(run);
    expect(hostFile(host(), '/tmp/corpus/import-tasks-vars/first')).to.equal('one\n');
    expect(hostFile(host(), '/tmp/corpus/import-tasks-vars/second')).to.equal('two\n');
    expect(ran(run, host())).to.deep.equal([
      'clean slate',
      'directory',
      'write the file',
      'directory',
      'write the file',
    ]);
  });

  it('include-vars: a templated file name, a directory, name:; they win over play vars', async () => {
    fresh('include-vars');
    const run = await runCorpus('include-vars');
    clean(run);
    expect(hostFile(host(), '/tmp/corpus/include-vars/out')).to.equal('from-file 3 eu b 3\n');
    expect(run.recap.get(host())).to.include({ ok: 6, changed: 2 });
  });

  it('import-playbook: nested imports run their plays in place, relative to the importing file', async () => {
    fresh('import-playbook');
    const run = await runCorpus('import-playbook');
    clean(run);
    expect(hostFile(host(), '/tmp/corpus/import-playbook/log')).to.equal('first\nsecond beside-second\nlast\n');
    const plays = run.events.flatMap((e) => (e.kind === 'play-start' ? [e.name] : []));
    expect(plays).to.deep.equal(['all', 'first play', 'second play', 'last play']);
  });

  it('roles-path: roles found through --roles-path and RUNBOOK_ROLES_PATH, and where it looked when not', () => {
    const dir = join(corpusFile('roles-path'), '..');
    const json = join(mkdtempSync(join(tmpdir(), 'runbook-corpus-')), 'events.jsonl');
    const args = ['apply', corpusFile('roles-path'), '-i', lab().inventoryFile, '-l', host(), '--plain'];
    fresh('roles-path');
    const r = runbook([...args, '--roles-path', join(dir, 'site-roles'), '--json', json], {
      env: { RUNBOOK_ROLES_PATH: `/nonexistent:${join(dir, 'env-roles')}` },
    });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    const end = readFileSync(json, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; recap?: Record<string, object> })
      .find((e) => e.kind === 'run-end');
    expect(end!.recap![host()]).to.include({ ok: 4, changed: 3, failed: 0, rescued: 0 });
    expect(hostFile(host(), '/tmp/corpus/roles-path/shared')).to.equal('shared');
    expect(hostFile(host(), '/tmp/corpus/roles-path/env')).to.equal('env');
    const missing = runbook(args, { env: { RUNBOOK_ROLES_PATH: '' } });
    expect(missing.code).to.equal(1);
    expect(missing.stderr)
      .to.contain('playbook.yaml:9:7')
      .and.contain('role "shared_role" not found; looked in')
      .and.contain(join(dir, 'roles', 'shared_role'));
  });

  it('handlers-fqcn: FQCN handlers, listen, flush_handlers, one run for two notifications', async () => {
    fresh('handlers-fqcn');
    const run = await runCorpus('handlers-fqcn');
    clean(run);
    expect(hostFile(host(), '/tmp/corpus/handlers-fqcn/log')).to.equal('restart\nafter\n');
    expect(hostFile(host(), '/tmp/corpus/handlers-fqcn/reloaded')).to.equal('');
    expect(ran(run, host())).to.deep.equal([
      'clean slate',
      'config directory',
      'app config',
      'app env',
      'Restart app',
      'reload logger',
      'after the flush',
      'unchanged config',
    ]);
    expect(run.recap.get(host())).to.include({ ok: 8, changed: 6 });
  });

  it('block-rescue: the rescue reads the failed task, always runs, the host goes on', async () => {
    fresh('block-rescue');
    const run = await runCorpus('block-rescue');
    const dir = '/tmp/corpus/block-rescue';
    expect(hostFile(host(), `${dir}/rolled-back`)).to.equal('try the upgrade\n');
    expect(hostFile(host(), `${dir}/report`)).to.equal('always\nfine\n');
    expect(hostFile(host(), `${dir}/never`)).to.equal(null);
    expect(hostFile(host(), `${dir}/not-needed`)).to.equal(null);
    expect(hostFile(host(), `${dir}/after`)).to.equal('yes');
    expect(run.recap.get(host())).to.include({ failed: 0, rescued: 1, ok: 6, changed: 5 });
    expect(run.results.filter((r) => r.status === 'failed').map((r) => r.host)).to.deep.equal([host()]);
  });

  it("delegate-localhost: delegate_to localhost with the host's variables, and run_once", async () => {
    const localDir = mkdtempSync(join(tmpdir(), 'runbook-corpus-deleg-'));
    fresh('delegate-localhost', hostNames());
    const run = await runFile(corpusFile('delegate-localhost'), { extraVars: { local_dir: localDir } });
    clean(run);
    for (const h of hostNames()) {
      expect(readFileSync(join(localDir, h), 'utf8')).to.equal(`${h}\n`);
      expect(hostFile(h, '/tmp/corpus/delegate-localhost')).to.equal(h);
      expect(run.task('note on the controller').get(h)).to.include({ status: 'changed', delegatedTo: 'localhost' });
    }
    expect(readFileSync(join(localDir, 'once'), 'utf8')).to.equal('once\n');
  });

  it('with-dict-when: with_dict items decided one by one by when', async () => {
    fresh('with-dict-when');
    const run = await runCorpus('with-dict-when');
    clean(run);
    expect(onHost(host(), 'ls /tmp/corpus/with-dict-when').trim().split('\n')).to.deep.equal(['alice', 'carol']);
    expect(hostFile(host(), '/tmp/corpus/with-dict-when/carol')).to.equal('1003\n');
    expect(
      run
        .task('enabled users')
        .get(host())!
        .items!.map((i) => i.status),
    ).to.deep.equal(['changed', 'skipped', 'changed']);
  });

  it('args-chdir: args with chdir and creates, register and changed_when', async () => {
    fresh('args-chdir');
    const run = await runCorpus('args-chdir');
    clean(run);
    expect(hostFile(host(), '/tmp/corpus/args-chdir/result')).to.equal('ran in build\n');
    expect(hostFile(host(), '/tmp/corpus/args-chdir/build/configured')).to.equal('');
    expect(run.task('read it back').get(host())!.status).to.equal('ok');
    expect(hostFile(host(), '/tmp/corpus/args-chdir/exact')).to.equal('stdout is the path alone\n');
    expect(run.recap.get(host())).to.include({ ok: 7, changed: 5 });
  });

  it('ini-inventory: yes/no/True from an INI inventory decide when through | bool', async () => {
    fresh('ini-inventory');
    const run = await runCorpus('ini-inventory', {
      inventory: [lab().inventoryFile, join(corpusFile('ini-inventory'), '..', 'inventory.ini')],
    });
    clean(run);
    expect(onHost(host(), 'ls /tmp/corpus/ini-inventory').trim().split('\n')).to.deep.equal(['cache', 'feature']);
    expect(run.task('tls off').get(host())!.status).to.equal('skipped');
  });

  it('pattern-slices: all[0], all[1:] and all[-1] in three plays', async () => {
    fresh('pattern-slices', hostNames());
    const run = await runFile(corpusFile('pattern-slices'));
    clean(run);
    const names = hostNames();
    const plays = (h: string) => hostFile(h, '/tmp/corpus/pattern-slices/plays');
    expect(plays(names[0]!)).to.equal('first\n');
    for (const h of names.slice(1, -1)) expect(plays(h)).to.equal('rest\n');
    expect(plays(names[names.length - 1]!)).to.equal('rest\nlast\n');
  });

  it('serial-role: serial 1 runs the role and its handler host by host', async () => {
    fresh('serial-role', hostNames());
    const run = await runFile(corpusFile('serial-role'));
    clean(run);
    const batches = run.events.flatMap((e) => (e.kind === 'batch-start' ? [e.hosts] : []));
    expect(batches).to.deep.equal(hostNames().map((h) => [h]));
    for (const h of hostNames()) {
      expect(hostFile(h, '/tmp/corpus/serial-role/restarted')).to.equal(`restarted ${h}\n`);
      expect(run.recap.get(h)).to.include({ ok: 4, changed: 3 });
    }
  });

  it("role-tags: --tags alpha runs the alpha role's tasks and the always ones", async () => {
    fresh('role-tags');
    const run = await runCorpus('role-tags', { tags: ['alpha'] });
    clean(run);
    expect(onHost(host(), 'ls /tmp/corpus/role-tags').trim()).to.equal('alpha');
    expect(ran(run, host())).to.deep.equal(['clean slate', 'empty it', 'alpha_role : alpha']);
    expect(existsSync(corpusFile('role-tags'))).to.equal(true);
  });
  it(
    'extra-vars-connection: -e ansible_port, ansible_become and ansible_become_password win over the ' +
      'inventory and the become keyword (as ansible-playbook 2.14 does)',
    async () => {
      const { hosts, sudoUser } = lab();
      const inventory = sudoInventory({ ansible_become: false, ansible_port: 2 });
      const run = await runCorpus('extra-vars-connection', {
        inventory,
        extraVars: {
          ansible_port: String(hosts[0]!.port),
          ansible_become: 'true',
          ansible_become_password: sudoUser!.password,
        },
      });
      clean(run);
      expect(run.task('who runs the tasks').get(host())!.data.stdout).to.equal('root');
      expect(run.task('root, through sudo').get(host())!.status).to.equal('ok');
      // Over the task's own `become: false` too.
      expect(run.task('a task that says become false').get(host())!.data.stdout).to.equal('root');
      expect(run.task('root all the same').get(host())!.status).to.equal('ok');
    },
  );
});
