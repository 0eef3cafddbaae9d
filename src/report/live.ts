// The live progress view on a terminal (listr2): per play, a title naming the
// batch under way and one line per host with its current task and how long it
// has run, then its counts (or why it stopped) once it is done.
//
// Each host's state lives here, not in listr: listr starts a task's function
// some ticks after the list is run, and a play whose hosts all fail or skip at
// once can end before that. Events only change this state; listr's task
// functions read it when they start and wait on an outcome that play end, run
// end or finish() always settles, so the screen cannot wait for an event that
// came too early. Nothing is written while a list is on screen: listr holds
// stdout then, so headers live in its titles and the recap follows the screen.
import {
  Listr,
  ListrDefaultRendererLogLevels,
  PRESET_TIMER,
  type DefaultRenderer,
  type ListrTask,
  type SimpleRenderer,
} from 'listr2';
import { countResult, noCounts, type HostCounts, type RunEvent, type TaskResult } from '../engine/events.js';
import { elapsed, formatCounts, playTitle, runningTitle, stoppedTitle, type RunningTask } from './live-titles.js';
import { formatRecap } from './recap.js';
import { formatInterrupting, formatInterruption, formatStop } from './stop.js';

export interface LiveOptions {
  /** Colour on the screen; the CLI turns it off for NO_COLOR and --no-color. */
  color: boolean;
}

export interface LiveReporter {
  emit(e: RunEvent): void;
  /**
   * Ends the view: hosts still under way are marked with `reason` (e.g.
   * "interrupted"); later events are ignored. Resolves once the screen is final
   * and the cursor shown again. After run-end, call it without a reason.
   */
  finish(reason?: string): Promise<void>;
}

/** A title that exists before listr starts its task and follows to the screen once it has. */
class Line {
  private wrapper?: { title: string };
  constructor(private text: string) {}
  get title(): string {
    return this.text;
  }
  set(text: string): void {
    this.text = text;
    if (this.wrapper) this.wrapper.title = text;
  }
  attach(wrapper: { title: string }): void {
    this.wrapper = wrapper;
    wrapper.title = this.text;
  }
}

type Outcome = { kind: 'done' | 'failed' | 'skipped'; text: string };

interface HostView {
  label: string;
  line: Line;
  counts: HostCounts;
  task?: RunningTask;
  /** Some task of this play reached the host. */
  touched: boolean;
  outcome?: Outcome;
  settle(o: Outcome): void;
  settled: Promise<Outcome>;
}

function hostView(name: string, width: number): HostView {
  const label = name.padEnd(width);
  let settle: (o: Outcome) => void = () => undefined;
  const settled = new Promise<Outcome>((resolve) => (settle = resolve));
  const view: HostView = {
    label,
    line: new Line(`${label}  waiting`),
    counts: noCounts(),
    touched: false,
    settled,
    settle(o) {
      if (view.outcome) return;
      view.outcome = o;
      view.task = undefined;
      view.line.set(o.text);
      settle(o);
    },
  };
  return view;
}

// With colour off, every level listr2 colours is drawn as is.
const asIs = (m?: string): string => m ?? '';
const noColor = {
  color: Object.fromEntries(Object.values(ListrDefaultRendererLogLevels).map((level) => [level, asIs])),
  pausedTimer: { ...PRESET_TIMER, format: () => asIs },
};

class PlayView {
  readonly hosts = new Map<string, HostView>();
  readonly title: Line;
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor(
    private readonly name: string,
    hosts: string[],
    private readonly now: () => number,
  ) {
    this.title = new Line(playTitle(name));
    const width = Math.max(0, ...hosts.map((h) => h.length));
    for (const h of hosts) this.hosts.set(h, hostView(h, width));
    // Elapsed times move on their own; unref'd so it never keeps the process up.
    this.ticker = setInterval(() => this.tick(), 1000);
    this.ticker.unref();
  }

  listr(color: boolean): Listr<unknown> {
    const hostTasks: ListrTask<unknown, typeof DefaultRenderer, typeof SimpleRenderer>[] = [...this.hosts.values()].map(
      (h) => ({
        title: h.line.title,
        task: async (_ctx, wrapper) => {
          h.line.attach(wrapper);
          const o = await h.settled;
          if (o.kind === 'skipped') wrapper.skip(o.text);
          if (o.kind === 'failed') throw new Error(o.text);
        },
      }),
    );
    const options = { concurrent: true, exitOnError: false, registerSignalListeners: false } as const;
    return new Listr<unknown>(
      [
        {
          title: this.title.title,
          task: (_ctx, wrapper) => {
            this.title.attach(wrapper);
            return hostTasks.length > 0 ? wrapper.newListr(hostTasks, options) : undefined;
          },
        },
      ],
      {
        ...options,
        rendererOptions: {
          collapseSubtasks: false,
          collapseErrors: true,
          showErrorMessage: true,
          ...(color ? {} : noColor),
        },
      },
    );
  }

  batch(index: number, count: number, hosts: string[]): void {
    this.title.set(playTitle(this.name, { index, count, hosts }));
  }

  taskStart(task: string, hosts: string[]): void {
    for (const name of hosts) {
      const h = this.hosts.get(name);
      if (!h || h.outcome) continue;
      h.touched = true;
      h.task = { name: task, since: this.now() };
      h.line.set(runningTitle(h.label, h.task, this.now()));
    }
  }

  retry(host: string, retriesLeft: number): void {
    const h = this.hosts.get(host);
    if (!h?.task) return;
    h.task.retriesLeft = retriesLeft;
    h.line.set(runningTitle(h.label, h.task, this.now()));
  }

  result(task: string, r: TaskResult): void {
    const h = this.hosts.get(r.host);
    if (!h || h.outcome) return;
    const c = h.counts;
    countResult(c, r);
    // A failed or unreachable host drops out of the run: its line is final now (a rescued one goes on).
    if (r.status === 'unreachable')
      h.settle({ kind: 'failed', text: stoppedTitle(h.label, 'unreachable', task, r.msg) });
    else if (r.status === 'failed' && !r.ignored && !r.rescued)
      h.settle({ kind: 'failed', text: stoppedTitle(h.label, 'failed', task, r.msg, c) });
  }

  /** Settles every host still open: with `reason` when the run was cut short, else as the play left it. */
  end(reason?: string): void {
    clearInterval(this.ticker);
    for (const h of this.hosts.values()) {
      if (h.outcome) continue;
      if (reason && h.task)
        h.settle({
          kind: 'failed',
          text: `${h.label}  ${reason} during "${h.task.name}" after ${elapsed(this.now() - h.task.since)}`,
        });
      else if (reason) h.settle({ kind: 'skipped', text: `${h.label}  ${reason} before its turn` });
      else if (h.touched) h.settle({ kind: 'done', text: `${h.label}  ${formatCounts(h.counts)}` });
      else h.settle({ kind: 'skipped', text: `${h.label}  no task ran` });
    }
  }

  private tick(): void {
    for (const h of this.hosts.values())
      if (h.task && !h.outcome) h.line.set(runningTitle(h.label, h.task, this.now()));
  }
}

export function liveReporter(write: (text: string) => void, o: LiveOptions): LiveReporter {
  const now = Date.now;
  let play: PlayView | undefined;
  let finished = false;
  // Everything shown goes through this chain, in event order: one list per play, then text.
  let screen: Promise<void> = Promise.resolve();
  const show = (step: () => unknown): void => {
    screen = screen.then(async () => void (await step()));
  };

  const endPlay = (reason?: string) => {
    play?.end(reason);
    play = undefined;
  };

  const emit = (e: RunEvent): void => {
    if (finished) return;
    switch (e.kind) {
      case 'run-start':
        if (e.check) show(() => write('(check mode: nothing will be changed)\n'));
        return;
      case 'play-start': {
        endPlay();
        const view = new PlayView(e.name, e.hosts, now);
        play = view;
        show(() => view.listr(o.color).run());
        return;
      }
      case 'batch-start':
        play?.batch(e.index, e.count, e.hosts);
        return;
      case 'task-start':
        play?.taskStart(e.handler ? `handler ${e.name}` : e.name, e.hosts);
        return;
      case 'task-retry':
        play?.retry(e.host, e.retriesLeft);
        return;
      case 'task-result':
        play?.result(e.task, e.result);
        return;
      case 'play-end':
        endPlay();
        return;
      case 'rollout-stopped':
        show(() => write(`\n${formatStop(e.stop)}`));
        return;
      case 'warning':
        show(() => write(`[WARNING]: ${e.msg}\n`));
        return;
      // Hosts under way are marked now; their tasks' late results leave the screen as it is.
      // Then, as the plain view says it: the grace the running tasks get, and that a second Ctrl-C stops at once.
      case 'run-interrupting':
        endPlay('interrupted');
        show(() => write(formatInterrupting(e.signal, e.graceS)));
        return;
      case 'run-interrupted':
        show(() => write(`\n${formatInterruption(e.interruption)}`));
        return;
      case 'run-end':
        endPlay();
        show(() => write(`\n${formatRecap(e.recap)}`));
        return;
    }
  };

  return {
    emit,
    finish(reason) {
      endPlay(reason);
      finished = true;
      return screen;
    },
  };
}
