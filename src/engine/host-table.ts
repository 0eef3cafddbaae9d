// One batch's table of host states: the one place that says which hosts are
// still going and which have failed, so the failure policy can read it after
// every step. A rescued failure is not a failure: the host goes on.
// `rescuing`: failed inside a block with a rescue, which takes over (pending or
// running); `rescued`: its rescue ran to the end. `stopped`: any_errors_fatal failed it for another host's
// failure, where no rescue took it over (it still runs its blocks' `always`).
// `ended`: done with the play without failing (meta end_host, end_play, clear_host_errors).
export type HostState = 'ok' | 'failed' | 'rescuing' | 'rescued' | 'unreachable' | 'stopped' | 'ended';

export class HostTable {
  private readonly states = new Map<string, HostState>();
  /** The last task that changed something on each host (for an interrupt report). */
  readonly lastChanged = new Map<string, string>();
  /** The last task that failed on each host, and why. */
  readonly lastFailure = new Map<string, { task: string; msg: string }>();

  constructor(readonly hosts: readonly string[]) {
    for (const h of hosts) this.states.set(h, 'ok');
  }

  state(host: string): HostState {
    return this.states.get(host) ?? 'ok';
  }

  set(host: string, state: HostState): void {
    if (this.states.has(host)) this.states.set(host, state);
  }

  /** Still taking tasks: not failed and not unreachable. */
  going(host: string): boolean {
    const s = this.state(host);
    return s === 'ok' || s === 'rescuing' || s === 'rescued';
  }

  /** Failed, unreachable or stopped: all count against max_fail_percentage. */
  failed(): string[] {
    return this.hosts.filter((h) => !this.going(h) && this.state(h) !== 'ended');
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
