// How many hosts run a task at once: forks, and the task's `throttle` (its own
// or an enclosing block's), which can only lower it.
import type { ModuleTask } from '../types/playbook.js';

/** A counting semaphore: at most `size` holders at once, served in the order they asked. */
export class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async use<T>(fn: () => Promise<T>): Promise<T> {
    if (this.used < this.size) this.used++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next waiter, so `used` never drops in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.used--;
    }
  }
}

/** Hosts of one step in flight at once under the linear strategy. */
export function stepLimit(throttle: number, forks: number): number {
  return throttle ? Math.min(forks, throttle) : forks;
}

/**
 * For hosts that each reach a task on their own (strategy free): forks bound
 * the tasks in flight across the batch, and each task's throttle its own hosts.
 * The throttle is taken first, so a host waiting on it holds no fork.
 */
export function taskGate(
  forks: number,
): (task: ModuleTask, throttle: number, run: () => Promise<void>) => Promise<void> {
  const all = new Slots(forks);
  const perTask = new Map<ModuleTask, Slots>();
  return (task, throttle, run) => {
    if (!throttle) return all.use(run);
    let own = perTask.get(task);
    if (!own) {
      own = new Slots(throttle);
      perTask.set(task, own);
    }
    return own.use(() => all.use(run));
  };
}
