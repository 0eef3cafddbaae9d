// --host-key-checking's values; apart from apply.ts so that parsing the command
// line loads nothing of the engine.
import { RunbookError } from '../errors.js';
import type { HostKeyPolicy } from '../transport/connection.js';

export function parseHostKeyPolicy(value: string): HostKeyPolicy {
  if (value === 'strict' || value === 'accept-new' || value === 'off') return value;
  throw new RunbookError('usage', `--host-key-checking must be strict, accept-new or off, not "${value}"`);
}
