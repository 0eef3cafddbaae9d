// One batch's table of host states: the one place that says where each host
// stands and which hosts take the next task, so the failure policy can read it
// after every step. A rescued failure is not a failure: the host goes on.
// `rescuing`: failed inside a block with a rescue, which takes over (pending or
// running); `rescued`: its rescue ran to the end. `stopped`: any_errors_fatal failed it for another host's
// failure, where no rescue took it over (it still runs its blocks' `always`).
// `ended`: done with the play without failing (meta end_host, end_play, clear_host_errors).
import type { TaskResult } from './events.js';

export type HostState = 'ok' | 'failed' | 'rescuing' | 'rescued' | 'unreachable' | 'stopped' | 'ended';

export class HostTable {
  private readonly states = new Map<string, HostState>();
  // Hosts that left the task list they were in (a failure, any_errors_fatal, a meta end): they take no
  // task until a block takes them back for its rescue or always (as Ansible's iterator marks a host failed).
  private readonly out = new Set<string>();
  /** The last task that changed something on each host (for an interrupt report). */
  readonly lastChanged = new Map<string, string>();
  /** Set by meta end_play, for every host's run at once (strategy free too): no later batch starts. */
  playEnded = false;
  /** Counts every change of a state or of the task lists: what is read from the table stays true while it holds. */
  version = 0;
  /** The last task that failed on each host, and why. */
  readonly lastFailure = new Map<string, { task: string; msg: string }>();

  constructor(readonly hosts: readonly string[]) {
    for (const h of hosts) this.states.set(h, 'ok');
  }

  state(host: string): HostState {
    return this.states.get(host) ?? 'ok';
  }

  /** Whether the host is in this batch. */
  has(host: string): boolean {
    return this.states.has(host);
  }

  /** Sets where the host stands; it stays in its task list. */
  set(host: string, state: HostState): void {
    if (this.states.has(host) && this.states.get(host) !== state) {
      this.states.set(host, state);
      this.version++;
    }
  }

  /** The host leaves its task list (with a new state, or as it stands): it takes no next task. */
  leave(host: string, state: HostState = this.state(host)): void {
    this.set(host, state);
    if (!this.out.has(host)) this.version++;
    this.out.add(host);
  }

  endPlay(): void {
    this.playEnded = true;
  }

  /** Hosts whose errors a clear_host_errors cleared while they ran their block's always: they go on after it. */
  readonly cleared = new Set<string>();

  /** A block takes the host back into a task list (its rescue or always). */
  takeBack(host: string): void {
    if (this.out.delete(host)) this.version++;
  }

  /** Of `hosts`, those that take the next task of the list they are in: the one answer to "who goes on". */
  goingOn<H extends { name: string }>(hosts: readonly H[]): H[] {
    return hosts.filter((h) => !this.out.has(h.name));
  }

  /** Of `hosts`, those that left their task list. */
  leftOf<H extends { name: string }>(hosts: readonly H[]): H[] {
    return hosts.filter((h) => this.out.has(h.name));
  }

  /**
   * A task's result on a host, as the table keeps it: a failure (not ignored) takes the host
   * out of its list, to a rescue when one takes it over; so does an unreachable host. Returns whether it left.
   */
  settle(r: TaskResult, task: string, msg: string): boolean {
    if (r.status === 'changed') this.lastChanged.set(r.host, task);
    if (r.status === 'unreachable') this.leave(r.host, 'unreachable');
    else if (r.status === 'failed' && !r.ignored) {
      this.lastFailure.set(r.host, { task, msg });
      this.leave(r.host, r.rescued ? 'rescuing' : 'failed');
    } else return false;
    return true;
  }

  /** Not failed: ok, rescued, or failed into a rescue (pending or running). */
  going(host: string): boolean {
    const s = this.state(host);
    return s === 'ok' || s === 'rescuing' || s === 'rescued';
  }

  /** Failed, unreachable or stopped: all count against max_fail_percentage. */
  failed(): string[] {
    return this.hosts.filter((h) => this.isFailed(h));
  }

  /** One host of failed(). */
  isFailed(host: string): boolean {
    return !this.going(host) && this.state(host) !== 'ended';
  }

  /** Failed by a task of its own, or unreachable (not stopped for another host's failure). */
  failedItself(host: string): boolean {
    const s = this.state(host);
    return s === 'failed' || s === 'unreachable';
  }

  withState(state: HostState): string[] {
    return this.hosts.filter((h) => this.state(h) === state);
  }
}
