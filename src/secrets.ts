// The values that must never be shown: passwords, passphrases, `!secret` YAML
// values, variables named in `runbook_secret_vars` or by a no_log task. They are
// found in many places (the YAML parser, the inventory, the CLI's prompts), and
// output leaves from a few (the engine's events, the CLI's error printer), so
// they meet in one process-wide set, which each run extends with its own values
// (its passwords, its secret variables) without leaking them to the next run in
// the same process: whoever learns a secret adds it, and every way out masks.
import { shellQuoteValue } from './quote.js';

export const MASK = '********';

export class SecretValues {
  private readonly values = new Set<string>();
  /** Longest first, so a secret that contains another is masked whole; rebuilt on change. */
  private own: string[] = [];
  private merged: string[] = [];
  /** The versions (own, parent's) `merged` was built from. */
  private mergedFrom: [number, number] = [-1, -1];
  /** Bumped on every change, so a child knows when to merge again. */
  private version = 0;

  /** `parent`: the process-wide set, which a run's own set (its passwords, its secret variables) extends. */
  constructor(private readonly parent?: SecretValues) {}

  /** Own values and the parent's, longest first. */
  private get ordered(): string[] {
    if (!this.parent) return this.own;
    if (this.mergedFrom[0] !== this.version || this.mergedFrom[1] !== this.parent.version) {
      this.merged = [...new Set([...this.own, ...this.parent.ordered])].sort((a, b) => b.length - a.length);
      this.mergedFrom = [this.version, this.parent.version];
    }
    return this.merged;
  }

  /** Adds a value, and the forms it takes once quoted for a shell; '' and undefined are ignored. */
  add(value: string | undefined): void {
    if (value === undefined || value === '' || this.values.has(value)) return;
    // A command line or an error quoting it carries the value as a shell word; JSON output as a JSON string.
    const quoted = shellQuoteValue(value);
    const forms = [
      value,
      value.replace(/'/g, `'\\''`),
      /^(['"]).*\1$/s.test(quoted) ? quoted.slice(1, -1) : quoted,
      JSON.stringify(value).slice(1, -1),
    ];
    // A multi-line secret (a key, a certificate) shows up a line at a time in diffs.
    if (value.includes('\n')) forms.push(...value.split(/\r?\n/).filter((l) => l.trim().length >= 8));
    for (const f of forms) this.values.add(f);
    this.own = [...this.values].sort((a, b) => b.length - a.length);
    this.version++;
  }

  /** Every string leaf of a variable's value (a secret mapping or list is secret throughout). */
  addValue(value: unknown): void {
    if (typeof value === 'string') this.add(value);
    else if (typeof value === 'number' || typeof value === 'bigint') this.add(String(value));
    else if (Array.isArray(value)) for (const v of value) this.addValue(v);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) this.addValue(v);
  }

  mask(text: string): string {
    let out = text;
    for (const s of this.ordered) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  }

  /** A copy of `value` with every string in it (keys too, Maps and lists included) masked. */
  maskDeep<T>(value: T): T {
    return this.ordered.length === 0 ? value : (this.deep(value) as T);
  }

  private deep(value: unknown): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (Array.isArray(value)) return value.map((v) => this.deep(v));
    if (value instanceof Map) return new Map([...value].map(([k, v]) => [this.deep(k), this.deep(v)]));
    if (value instanceof Error) return this.maskError(value);
    if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.mask(k), this.deep(v)]));
    }
    return value;
  }

  /** The same error (class and fields kept) with its message, stack and string fields masked. */
  maskError<E extends Error>(err: E): E {
    if (this.ordered.length === 0) return err;
    const copy = Object.create(Object.getPrototypeOf(err) as object) as E;
    for (const key of Object.getOwnPropertyNames(err)) {
      const v = (err as unknown as Record<string, unknown>)[key];
      Object.defineProperty(copy, key, {
        value: typeof v === 'string' ? this.mask(v) : v,
        writable: true,
        configurable: true,
        enumerable: key !== 'stack' && key !== 'message',
      });
    }
    return copy;
  }
}

/**
 * What is learnt before a run, where no run is at hand: `!secret` values as YAML
 * is parsed, answers typed at a prompt. A run extends it with a set of its own.
 */
export const secretValues = new SecretValues();
