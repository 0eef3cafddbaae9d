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

const SHOW = 'systemctl show -p LoadState,ActiveState,UnitFileState --';

/** One `systemctl show` for the three properties a unit task decides on. */
export async function readUnitState(conn: Connection, name: string): Promise<UnitState> {
  const r = await conn.exec(`${SHOW} ${q(name)}`);
  if (r.rc !== 0) {
    throw new Error(
      `systemctl show ${name} failed on ${conn.host} (exit code ${r.rc}): ${r.stderr.trim() || r.stdout.trim()}`,
    );
  }
  return unitStateOf(r.stdout);
}

/**
 * Several units in one `systemctl show` (a loop over units, one round trip): systemd prints one block of
 * properties a unit, in the order named, blank lines between. Undefined when that fails or does not add up
 * (a name systemctl refuses): then each unit is read alone, and its own read reports what is wrong.
 */
export async function readUnitStates(conn: Connection, names: string[]): Promise<Map<string, UnitState> | undefined> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Map();
  const r = await conn.exec(`${SHOW} ${unique.map(q).join(' ')}`).catch(() => undefined);
  if (r?.rc !== 0) return undefined;
  const blocks = r.stdout.trim().split(/\n\s*\n/);
  if (blocks.length !== unique.length) return undefined;
  return new Map(unique.map((name, i) => [name, unitStateOf(blocks[i] as string)]));
}

function unitStateOf(stdout: string): UnitState {
  // systemd prints the properties in its own order, not the requested one.
  const props = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) props.set(line.slice(0, eq), line.slice(eq + 1).trim());
  }
  return {
    LoadState: props.get('LoadState') ?? '',
    ActiveState: props.get('ActiveState') ?? '',
    UnitFileState: props.get('UnitFileState') ?? '',
  };
}
