import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../lab/shared.js';
import { eventually, hostFile, onHost, processCount } from '../support/host-shell.js';
import { hostNames, project, runYaml } from '../support/run.js';

const main = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.js');

describe('no_log, timeout, meta: flush_handlers, retry file and --limit @file', () => {
  const one = () => hostNames()[0]!;

  it('no_log hides the output and diffs in events, but register still has them', async () => {
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - name: secret
      shell: echo s3cr3t-value; exit 1
      register: out
      no_log: true
      ignore_errors: true
    - name: show length
      debug: { msg: "{{out.stdout}}" }
`);
    const hidden = run.task('secret').get(one())!;
    expect(JSON.stringify(hidden)).not.to.contain('s3cr3t-value');
    expect(hidden.msg).to.contain('hidden due to no_log');
    expect(run.task('show length').get(one())!.data.debug).to.equal('s3cr3t-value\n');
  });

  it('timeout fails a task that runs too long and stops its command on the host', async () => {
    const run = await runYaml(`- hosts: ${one()}\n  tasks:\n    - name: slow\n      command: sleep 604\n      timeout: 2\n`);
    const r = run.task('slow').get(one())!;
    expect(r.status).to.equal('failed');
    expect(r.msg).to.equal('task timed out after 2 s');
    expect(await eventually(() => processCount(one(), 'sleep 604') === 0), 'sleep 604 still runs').to.equal(true);
  });

  it('timeout with a loop: the task fails, the item it cut short says so, and its command is stopped', async () => {
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - name: slow loop
      command: sleep {{ item }}
      loop: [0, 605, 0]
      timeout: 2
      ignore_errors: true
`);
    const r = run.task('slow loop').get(one())!;
    expect(r.status).to.equal('failed');
    expect(r.msg).to.equal('task timed out after 2 s');
    expect(r.items!.map((i) => [i.item, i.status, i.msg])).to.deep.equal([
      [0, 'changed', undefined],
      [605, 'failed', 'task timed out after 2 s'],
    ]);
    expect(await eventually(() => processCount(one(), 'sleep 605') === 0), 'sleep 605 still runs').to.equal(true);
  });

  it('meta: flush_handlers runs the notified handlers at that point', async () => {
    onHost(one(), 'rm -f /tmp/flush-log');
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - name: change
      shell: echo change >> /tmp/flush-log
      notify: h
    - meta: flush_handlers
    - name: after
      shell: echo after >> /tmp/flush-log
  handlers:
    - name: h
      shell: echo handler >> /tmp/flush-log
`);
    expect(hostFile(one(), '/tmp/flush-log')).to.equal('change\nhandler\nafter\n');
    expect(run.events.filter((e) => e.kind === 'task-start' && e.handler)).to.have.length(1);
  });

  it('failed hosts go to PLAYBOOK.retry, and --limit @that-file runs only them', () => {
    const [, bad] = hostNames();
    const dir = project({ 'site.yaml': `- hosts: all\n  tasks:\n    - name: t\n      command: test ! -e /tmp/retry-marker\n` });
    onHost(bad!, 'touch /tmp/retry-marker');
    const cli = (args: string[]) => spawnSync(process.execPath, [main, 'apply', join(dir, 'site.yaml'), '-i', lab().inventoryFile, '--plain', ...args], { encoding: 'utf8' });
    const first = cli([]);
    expect(first.status).to.equal(2);
    const retry = join(dir, 'site.retry');
    expect(existsSync(retry)).to.equal(true);
    expect(readFileSync(retry, 'utf8')).to.equal(`${bad}\n`);
    expect(first.stdout).to.contain(`--limit @${retry}`);
    onHost(bad!, 'rm -f /tmp/retry-marker');
    const second = cli(['--limit', `@${retry}`]);
    expect(second.status, second.stderr).to.equal(0);
    expect(second.stdout).to.match(new RegExp(`^${bad} +: ok=1`, 'm'));
    for (const h of hostNames().filter((x) => x !== bad)) expect(second.stdout).not.to.contain(`[${h}]`);
  });
});
