// Sudo passwords never leave the engine in an event: every string of every event
// has them masked, wherever they got in (a `debug: var=hostvars`, a command that
// echoes its input, a module's error). Reporters and --json see only the mask.
import type { Emit, RunEvent } from './events.js';

export const MASK = '********';

/** `emit` with `secrets` masked in every event; `emit` itself when there are none. */
export function redactingEmit(emit: Emit, secrets: readonly string[]): Emit {
  // Longest first, so a password that contains another is masked whole.
  const masked = [...new Set(secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length);
  if (masked.length === 0) return emit;
  return (event) => emit(redact(event, masked) as RunEvent);
}

function redact(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return secrets.reduce((text, s) => (text.includes(s) ? text.split(s).join(MASK) : text), value);
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [redact(k, secrets), redact(v, secrets)]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k, secrets), redact(v, secrets)]));
  }
  return value;
}
