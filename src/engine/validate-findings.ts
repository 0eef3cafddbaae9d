// What `runbook validate` found: each distinct error or skipped value once, with the hosts it came up on.
import { formatError, type RunbookError, type SourcePos } from '../errors.js';

/** One error, with the hosts on which it came up (empty: not a host's). */
export interface ValidationError {
  error: RunbookError;
  hosts: string[];
}

/** A value left unchecked because it needs what only a run gives. */
export interface SkippedValue {
  source: SourcePos;
  task: string;
  /** "arguments", "loop", "template containerd/config.toml.hbs"… */
  what: string;
  /** The run-time variable it needs (a register, a set_fact, `facts`). */
  needs: string;
  hosts: string[];
}

/** Errors and skips, each distinct one once, with the hosts it came up on. */
export class Findings {
  private readonly errs = new Map<string, ValidationError>();
  private readonly skips = new Map<string, SkippedValue>();

  error(error: RunbookError, host: string): void {
    const key = formatError(error);
    const seen = this.errs.get(key) ?? { error, hosts: [] };
    if (host && !seen.hosts.includes(host)) seen.hosts.push(host);
    this.errs.set(key, seen);
  }

  skip(s: Omit<SkippedValue, 'hosts'>, host: string): void {
    const key = `${s.source.file}:${s.source.line}:${s.what}:${s.needs}`;
    const seen = this.skips.get(key) ?? { ...s, hosts: [] };
    if (!seen.hosts.includes(host)) seen.hosts.push(host);
    this.skips.set(key, seen);
  }

  errors(): ValidationError[] {
    return [...this.errs.values()];
  }

  skipped(): SkippedValue[] {
    return [...this.skips.values()];
  }
}
