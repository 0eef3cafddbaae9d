// The live progress view on a terminal (listr2): one line per host of the
// current play with the task it is on, a tick or a cross when it is done.
// It consumes the same events as the plain view; `settled()` resolves once the
// screen is final, so the CLI prints the recap after it.
import { Listr, type ListrTaskWrapper } from 'listr2';
import type { HostCounts, RunEvent, TaskResult } from '../engine/events.js';
import { formatRecap } from './recap.js';
import { formatStop } from './stop.js';

type Wrapper = ListrTaskWrapper<unknown, never, never>;

interface HostLine {
  wrapper?: Wrapper;
  done: (error?: Error, skip?: string) => void;
  counts: Pick<HostCounts, 'changed' | 'ok'>;
}

export interface LiveReporter {
  emit(e: RunEvent): void;
  settled(): Promise<void>;
}

export function liveReporter(write: (text: string) => void): LiveReporter {
  let lines = new Map<string, HostLine>();
  let screen: Promise<void> = Promise.resolve();

  const startPlay = (name: string, hosts: string[]) => {
    lines = new Map();
    const tasks = hosts.map((host) => ({
      title: `${host}: waiting`,
      task: (_ctx: unknown, wrapper: Wrapper) =>
        new Promise<void>((resolve, reject) => {
          lines.set(host, {
            wrapper,
            counts: { ok: 0, changed: 0 },
            done: (error, skip) => (skip !== undefined ? (wrapper.skip(skip), resolve()) : error ? reject(error) : resolve()),
          });
        }),
    }));
    const list = new Listr(tasks, { concurrent: true, exitOnError: false });
    write(`\nPLAY [${name}]\n`);
    screen = screen.then(() => list.run().then(() => undefined, () => undefined));
  };

  const result = (task: string, r: TaskResult) => {
    const line = lines.get(r.host);
    if (!line?.wrapper) return;
    if (r.status === 'changed') line.counts.changed++;
    if (r.status === 'ok' || r.status === 'changed') line.counts.ok++;
    line.wrapper.title = `${r.host}: ${task} (${r.status})  ok=${line.counts.ok} changed=${line.counts.changed}`;
    if ((r.status === 'failed' && !r.ignored) || r.status === 'unreachable') {
      line.done(new Error(`${r.host}: ${task}: ${r.msg ?? r.status}`));
      lines.delete(r.host);
    }
  };

  const endPlay = () => {
    for (const [host, line] of lines) {
      if (line.wrapper?.title.endsWith(': waiting')) line.done(undefined, `${host}: not reached`);
      else line.done();
    }
    lines.clear();
  };

  return {
    emit(e) {
      switch (e.kind) {
        case 'play-start':
          return startPlay(e.name, e.hosts);
        case 'task-start':
          for (const h of e.hosts) {
            const w = lines.get(h)?.wrapper;
            if (w) w.title = `${h}: ${e.name}…`;
          }
          return;
        case 'task-result':
          return result(e.task, e.result);
        case 'play-end':
          return endPlay();
        case 'rollout-stopped':
          screen = screen.then(() => write(`\n${formatStop(e.stop)}`));
          return;
        case 'run-end':
          screen = screen.then(() => write(`\n${formatRecap(e.recap)}`));
          return;
        default:
          return;
      }
    },
    settled: () => screen,
  };
}
