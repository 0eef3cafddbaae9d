// Readers of a systemd unit's state. `systemctl show` is the stable, documented
// KEY=VALUE interface (status output is for humans and changes between versions);
// both work the same with real systemd and the lab's stand-in.
import { shellQuoteValue as q } from '../quote.js';
import type { Connection } from '../transport/connection.js';

export interface UnitState {
  /** loaded, not-found, masked, error, … */
  LoadState: string;
  /** active, inactive, failed, activating, deactivating, reloading. */
  ActiveState: string;
  /** enabled, disabled, static, masked, indirect, …; empty when there is no unit file. */
  UnitFileState: string;
}

/** One `systemctl show` for the three properties a unit task decides on. */
export async function readUnitState(conn: Connection, name: string): Promise<UnitState> {
  const r = await conn.exec(`systemctl show -p LoadState,ActiveState,UnitFileState -- ${q(name)}`);
  if (r.rc !== 0) {
    throw new Error(
      `systemctl show ${name} failed on ${conn.host} (exit code ${r.rc}): ${r.stderr.trim() || r.stdout.trim()}`,
    );
  }
  // systemd prints the properties in its own order, not the requested one.
  const props = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) props.set(line.slice(0, eq), line.slice(eq + 1).trim());
  }
  return {
    LoadState: props.get('LoadState') ?? '',
    ActiveState: props.get('ActiveState') ?? '',
    UnitFileState: props.get('UnitFileState') ?? '',
  };
}
