// Plain line output (non-TTY, CI logs): one line per task per host, as Ansible
// prints them. One formatter per event kind, in a complete table.
import type { RunEvent, TaskResult } from '../engine/events.js';
import { formatDiff } from './diff.js';
import { formatRecap } from './recap.js';
import { formatInterrupting, formatInterruption, formatStop } from './stop.js';

export interface PlainOptions {
  diff: boolean;
  /** 0: results; 1: + change summaries; 2: + module data */
  verbosity: number;
}

type Formatters = { [K in RunEvent['kind']]: (e: Extract<RunEvent, { kind: K }>, o: PlainOptions) => string };

const banner = (title: string): string => `\n${title} ${'*'.repeat(Math.max(3, 72 - title.length))}\n`;

const formatters: Formatters = {
  'run-start': (e) => (e.check ? `(check mode: nothing will be changed)\n` : ''),
  'play-start': (e) => banner(`PLAY [${e.name}]`) + (e.hosts.length === 0 ? 'skipping: no hosts matched\n' : ''),
  'batch-start': (e) => `\nBATCH ${e.index}/${e.count}: ${e.hosts.join(', ')}\n`,
  'task-start': (e) => banner(`${e.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.name}]`),
  'task-retry': (e) => `FAILED - RETRYING: [${e.host}]: ${e.task} (${e.retriesLeft} retries left).\n`,
  'task-result': (e, o) => formatResult(e.result, o),
  'rollout-stopped': (e) => formatStop(e.stop),
  'run-interrupting': (e) => formatInterrupting(e.signal, e.graceS),
  'run-interrupted': (e) => `\n${formatInterruption(e.interruption)}`,
  'play-end': () => '',
  warning: (e) => `[WARNING]: ${e.msg}\n`,
  'run-end': (e) => `\n${formatRecap(e.recap)}`,
};

const hostLabel = (r: TaskResult): string => (r.delegatedTo ? `${r.host} -> ${r.delegatedTo}` : r.host);

export function formatResult(r: TaskResult, o: PlainOptions): string {
  const out: string[] = [];
  if (o.diff) for (const d of r.diffs) out.push(formatDiff(d));
  for (const i of r.items ?? [])
    out.push(
      `${i.status === 'failed' ? 'failed' : i.status}: [${hostLabel(r)}] => ` +
        `(item=${i.label ?? JSON.stringify(i.item)})${i.msg && i.status === 'failed' ? ` ${i.msg}` : ''}`,
    );
  switch (r.status) {
    case 'failed':
      out.push(`fatal: [${hostLabel(r)}]: FAILED! => ${r.msg ?? ''}${r.ignored ? '\n...ignoring' : ''}`);
      break;
    case 'unreachable':
      out.push(`fatal: [${hostLabel(r)}]: UNREACHABLE! => ${r.msg ?? ''}`);
      break;
    case 'skipped':
      out.push(`skipping: [${hostLabel(r)}]${r.msg ? ` => ${r.msg}` : ''}`);
      break;
    default:
      out.push(
        `${r.status}: [${hostLabel(r)}]${'debug' in r.data ? ` => ${String(r.data.debug)}` : r.msg && o.verbosity >= 1 ? ` => ${r.msg}` : ''}`,
      );
  }
  if (o.verbosity >= 1) for (const c of r.changes) out.push(`    - ${c}`);
  if (o.verbosity >= 2 && Object.keys(r.data).length > 0) out.push(`    ${JSON.stringify(r.data)}`);
  return out.join('\n') + '\n';
}

export function formatEvent(e: RunEvent, o: PlainOptions): string {
  const f = formatters[e.kind] as (e: RunEvent, o: PlainOptions) => string;
  return f(e, o);
}

/** A reporter: feed it events, it writes text. */
export function plainReporter(write: (text: string) => void, o: PlainOptions): (e: RunEvent) => void {
  return (e) => {
    const text = formatEvent(e, o);
    if (text) write(text);
  };
}
