// `runbook run` (an ad-hoc command): each host's result as Ansible's ad-hoc
// output prints it — `node1 | CHANGED | rc=0 >>` and the command's output for
// command and shell, `node1 | SUCCESS => {…}` for other modules — then the recap.
import type { RunEvent, TaskResult } from '../engine/events.js';
import { formatRecap } from './recap.js';
import { formatInterrupting, formatInterruption } from './stop.js';

const COMMANDS = new Set(['command', 'shell']);

const STATUS: Record<TaskResult['status'], string> = {
  ok: 'SUCCESS',
  changed: 'CHANGED',
  failed: 'FAILED',
  skipped: 'SKIPPED',
  unreachable: 'UNREACHABLE!',
};

/** One host's result of an ad-hoc module, as `ansible HOSTS -m MODULE` prints it. */
export function formatAdhocResult(module: string, r: TaskResult): string {
  const head = `${r.host} | ${STATUS[r.status]}`;
  if (r.status === 'unreachable') return `${head} => ${r.msg ?? ''}\n`;
  if (COMMANDS.has(module) && typeof r.data.rc === 'number') {
    const out = [r.data.stdout, r.data.stderr].filter((s) => typeof s === 'string' && s !== '').join('\n');
    const why = r.status === 'failed' ? `${out ? '\n' : ''}${r.msg ?? ''}` : '';
    return `${head} | rc=${r.data.rc} >>\n${out}${why}\n`;
  }
  const data = {
    changed: r.status === 'changed',
    ...(r.msg ? { msg: r.msg } : {}),
    ...r.data,
    ...(r.changes.length ? { changes: r.changes } : {}),
  };
  return `${head} => ${JSON.stringify(data, null, 4)}\n`;
}

/**
 * A reporter for `runbook run`: results as they come, then the recap (and an
 * interrupt, as apply says it). A one-task run has no rollout for the failure
 * policy to stop: its "rollout stopped" report would only repeat the failures.
 */
export function adhocReporter(module: string, write: (text: string) => void): (e: RunEvent) => void {
  return (e) => {
    if (e.kind === 'run-start' && e.check) write('(check mode: nothing will be changed)\n');
    else if (e.kind === 'play-start' && e.hosts.length === 0) write('skipping: no hosts matched\n');
    else if (e.kind === 'task-result') write(formatAdhocResult(module, e.result));
    else if (e.kind === 'run-interrupting') write(formatInterrupting(e.signal, e.graceS));
    else if (e.kind === 'run-interrupted') write(`\n${formatInterruption(e.interruption)}`);
    else if (e.kind === 'run-end') write(`\n${formatRecap(e.recap)}`);
  };
}
