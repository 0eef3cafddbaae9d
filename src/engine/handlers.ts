// Handler notifications of one batch: a handler runs once, in the order the
// handlers are written, on every host that notified it, when handlers flush.
import { RunbookError } from '../errors.js';
import { handlerNotFound } from '../parse/handlers.js';
import type { Handler } from '../types/playbook.js';

export class Notifications {
  private readonly pending = new Map<Handler, Set<string>>();

  constructor(
    private readonly handlers: readonly Handler[],
    /** The name a handler answers to (a templated one rendered: handler-names.ts). */
    private readonly nameOf: (h: Handler) => string | undefined = (h) => h.name,
  ) {}

  /** Handlers answering to `names` (by name or `listen` topic), notified for `host`. */
  notify(names: readonly string[], host: string): void {
    // Of handlers sharing a name, only the first answers to it (ansible-core 2.14); every listener answers.
    const named = new Set(names.flatMap((n) => this.handlers.find((h) => this.nameOf(h) === n) ?? []));
    // Loading checked the names it could; one no handler answers here (a templated name, a role's include) ends the run.
    const lost = names.find(
      (n) => ![...named].some((h) => this.nameOf(h) === n) && !this.handlers.some((h) => h.listen.includes(n)),
    );
    if (lost !== undefined) throw new RunbookError('playbook', handlerNotFound(lost));
    for (const h of this.handlers) {
      if (!named.has(h) && !names.some((n) => h.listen.includes(n))) continue;
      let hosts = this.pending.get(h);
      if (!hosts) {
        hosts = new Set();
        this.pending.set(h, hosts);
      }
      hosts.add(host);
    }
  }

  /**
   * The handlers to run now, in handler order, with their hosts, each cleared as it
   * is given. Lazily: a handler that notifies another one written after it (h1 →
   * h2) is answered in the same flush, as ansible-core 2.14's; one written before
   * it waits for the next flush.
   */
  *take(): Generator<{ handler: Handler; hosts: string[] }> {
    for (const handler of this.handlers) {
      const hosts = this.pending.get(handler);
      if (!hosts || hosts.size === 0) continue;
      this.pending.delete(handler);
      yield { handler, hosts: [...hosts] };
    }
  }
}
