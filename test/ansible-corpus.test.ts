// The Ansible corpus: small playbooks written the way Ansible users write them
// (test/ansible-corpus/<name>/playbook.yaml), each run on a lab host and its
// outcome asserted: the host's files and the recap.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { hostFile, hostStat, onHost } from './support/host-shell.js';
import { hostNames, runFile, type Recorded } from './support/run.js';
import { resetUnits } from './lab/sim/units.js';

/** Path of a corpus playbook (tests run from dist/test/). */
export function corpusFile(name: string): string {
  return join(fileURLToPath(new URL('../../test/ansible-corpus/', import.meta.url)), name, 'playbook.yaml');
}

const runCorpus = (name: string, opts: Parameters<typeof runFile>[1] = {}): Promise<Recorded> =>
  runFile(corpusFile(name), { limit: [hostNames()[0]!], ...opts });

describe('Ansible corpus', () => {
  const host = () => hostNames()[0]!;

  it('yaml-1-1: yes/no/on/off are booleans and 0750 is an octal mode', async () => {
    onHost(host(), 'rm -rf /tmp/corpus/yaml-1-1');
    const run = await runCorpus('yaml-1-1');
    expect(hostStat(host(), '/tmp/corpus/yaml-1-1')).to.equal('750 directory');
    expect(hostStat(host(), '/tmp/corpus/yaml-1-1/ran')).to.equal('640 regular file');
    expect(hostFile(host(), '/tmp/corpus/yaml-1-1/enabled')).to.equal('true\n');
    expect(hostStat(host(), '/tmp/corpus/yaml-1-1/check-mode-no')).to.equal('644 regular empty file');
    expect(run.task('a failure that ignore_errors yes lets pass').get(host())).to.include({ status: 'failed', ignored: true });
    expect(run.recap.get(host())).to.include({ failed: 0, skipped: 0 });
  });

  it('task-forms: args:, k=v, with_items/with_list/with_dict/with_fileglob and loop_control', async () => {
    const run = await runCorpus('task-forms');
    const dir = '/tmp/corpus/task-forms';
    expect(run.recap.get(host())).to.include({ failed: 0 });
    expect(hostStat(host(), dir)).to.equal('755 directory');
    expect(hostFile(host(), `${dir}/done`)).to.equal('');
    expect(run.task('command with creates= in its free form').get(host())).to.include({ status: 'ok', msg: `not run: ${dir}/done exists` });
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
    expect(run.task('service as Ansible writes it').get(host())!.changes).to.deep.equal([
      'daemon-reload',
      'enable corpus-web (was disabled)',
      'start corpus-web (was inactive)',
    ]);
    expect(run.task('plain service with a unit alias').get(host())!.status).to.equal('ok');
    expect(onHost(host(), 'systemctl is-active corpus-web; systemctl is-enabled corpus-web').trim()).to.equal('active\nenabled');
    expect(hostFile(host(), '/tmp/corpus/module-names/done')).to.equal('');
    resetUnits(host(), 'corpus-web');
  });

  it('host-patterns: all[0], all[-1], all[1:2], and localhost as play hosts and delegate_to target', async () => {
    const localDir = mkdtempSync(join(tmpdir(), 'runbook-corpus-local-'));
    const run = await runFile(corpusFile('host-patterns'), { extraVars: { local_dir: localDir } });
    const [first, second, third] = hostNames();
    const has = (h: string, name: string) => hostFile(h, `/tmp/corpus/host-patterns/${name}`) !== null;
    expect(hostNames().map((h) => ['first', 'last', 'range'].filter((f) => has(h, f)))).to.deep.equal([['first'], ['range'], ['last', 'range']]);
    expect(run.task('on the controller').get('localhost')!.status).to.equal('changed');
    expect(readFileSync(join(localDir, 'local'), 'utf8')).to.equal(`${execFileSync('hostname', { encoding: 'utf8' }).trim()} ${execFileSync('id', ['-u'], { encoding: 'utf8' }).trim()}\n`);
    for (const h of [first!, second!, third!]) {
      expect(readFileSync(join(localDir, `from-${h}`), 'utf8')).to.equal(`${h}\n`);
      expect(run.task('report to the controller').get(h)).to.include({ status: 'changed', delegatedTo: 'localhost' });
    }
    expect(run.recap.get('localhost')).to.include({ changed: 1, failed: 0 });
    expect([...run.recap.values()].every((c) => c.failed === 0 && c.unreachable === 0)).to.equal(true);
  });
});
