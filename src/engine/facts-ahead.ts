// Facts read ahead of a host's batch. A play that gathers facts reads each host
// as its batch opens (Ansible's "Gathering Facts", one per serial batch); with
// `serial: 1` the batches' reads would queue one after the other. Here the read
// of a later batch's host starts at the play's start (and a play's hosts at the
// start of the previous play's last batch), and the batch's Gathering Facts task
// takes it: the events, the live view and the recap are the same, only the
// waiting moves.
//
// Why the early reading is the one Ansible would have made: the facts are the
// host's own state (its system, users, env, mounts, network, runtime versions),
// and only work on that host changes them. Every change this run applies on a
// host, by its own tasks or by a task delegated to it, is counted (run-cache.ts);
// a reading is used only if the count did not move after it started, else the
// host is read again at its batch, as before. Not covered, as no engine could
// know: a change another host's task makes to a resource the host reads through
// (a DNS record in `hosts_entry`, an NFS export's free space), and free memory
// or disk space that move by themselves meanwhile. `--check` applies nothing, so
// its readings always stand.
import type { HostReading } from '../facts/host/reading.js';
import { readHostReading } from '../facts/system.js';
import type { Connection } from '../transport/connection.js';
import type { Play } from '../types/playbook.js';

interface Entry {
  play: Play;
  /** The host's change count when the read started. */
  changes: number;
  reading?: Promise<HostReading>;
  settled?: boolean;
}

export interface FactsAheadOptions {
  /** The host's connection as the play's gather task would run on it (sudo as the play says). */
  open: (host: string, play: Play) => Promise<Connection>;
  /** Changes applied on the host so far (run-cache.ts). */
  changesOn: (host: string) => number;
  /** Reads in flight or held at once: the run's forks. */
  window: number;
}

export class FactsAhead {
  private readonly entries = new Map<string, Entry>();
  /** Hosts wanted, in order, whose read waits for room in the window. */
  private readonly queue: string[] = [];
  private occupied = 0;

  constructor(private readonly o: FactsAheadOptions) {}

  /**
   * Starts reading `hosts` for `play`'s Gathering Facts. A host already wanted
   * (for this play or one before it) is left as it is.
   */
  want(play: Play, hosts: readonly string[]): void {
    if (!readsAhead(play)) return;
    for (const host of hosts) {
      if (this.entries.has(host)) continue;
      this.entries.set(host, { play, changes: 0 });
      this.queue.push(host);
    }
    this.pump();
  }

  /**
   * The reading started ahead for `host` in `play`, if no change was applied on
   * the host since; undefined: read now. Either way the host's entry is done.
   */
  take(host: string, play: Play): Promise<HostReading> | undefined {
    const entry = this.entries.get(host);
    if (!entry || entry.play !== play) return undefined;
    this.drop(host);
    if (!entry.reading || this.o.changesOn(host) !== entry.changes) return undefined;
    return entry.reading;
  }

  /** The play is over: what was read for it and not taken (its batches stopped) is let go. */
  endPlay(play: Play): void {
    for (const [host, entry] of [...this.entries]) if (entry.play === play) this.drop(host);
  }

  private drop(host: string): void {
    const entry = this.entries.get(host);
    if (!entry) return;
    this.entries.delete(host);
    const queued = this.queue.indexOf(host);
    if (queued >= 0) this.queue.splice(queued, 1);
    else if (entry.settled) this.freeRoom();
  }

  /**
   * A read holds its room in the window until it has settled and its entry is
   * gone: one the batch took while it was still under way counts among the
   * reads in flight, so they never pass `window`.
   */
  private freeRoom(): void {
    this.occupied--;
    this.pump();
  }

  private pump(): void {
    while (this.occupied < this.o.window && this.queue.length > 0) {
      const host = this.queue.shift() as string;
      const entry = this.entries.get(host) as Entry;
      this.occupied++;
      entry.changes = this.o.changesOn(host);
      entry.reading = this.o.open(host, entry.play).then(readHostReading);
      const settled = (failed: boolean) => {
        entry.settled = true;
        // A read that failed is not used: the batch's own read meets the failure, and reports it, as it would have.
        if (failed) entry.changes = Number.NaN;
        if (this.entries.get(host) !== entry) this.freeRoom();
      };
      entry.reading.then(
        () => settled(false),
        () => settled(true),
      );
    }
  }
}

/**
 * Only a play whose Gathering Facts runs the same read for every host: no
 * `environment` (it is templated per host, into the read's `env`), and no
 * templated play keyword (the play read ahead must be the play that runs).
 */
function readsAhead(play: Play): boolean {
  const gather = play.gatherFacts;
  // A play whose keywords are templates (become, serial, …) is rendered as it starts: read at its batches.
  if (gather === undefined || play.keywordTemplates !== undefined) return false;
  return Object.keys(gather.environment).length === 0 && !gather.environmentLayers?.length;
}
