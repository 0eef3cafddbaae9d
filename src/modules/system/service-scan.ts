// How Ansible 2.14's service_facts reads a Linux host's services, as pure functions over
// the commands' output (the commands run in service-facts.ts). Two scans, merged:
// sysv (`service --status-all`, Debian's `service`, on systemd hosts too) and systemd
// (`systemctl list-units` then `list-unit-files`, only when PID 1 is systemd).

export interface ServiceFact {
  name: string;
  state: string;
  /** systemd only: the unit file's state, or the unit's bad state (failed, masked, not-found). */
  status?: string;
  source: 'sysv' | 'systemd';
}

export type Services = Record<string, ServiceFact>;

/** Ansible's order of trial; a line holds at most one of them in practice. */
const BAD_STATES = ['not-found', 'masked', 'failed'];

/** `service --status-all`: " [ + ]  name" running, " [ - ]  name" stopped; "[ ? ]" lines are not services. */
export function sysvServices(stdout: string): Services {
  const out: Services = {};
  for (const m of stdout.matchAll(/^\s*\[ ([+-]) \]\s+(.+)$/gm)) {
    const name = m[2]!;
    out[name] = { name, state: m[1] === '+' ? 'running' : 'stopped', source: 'sysv' };
  }
  return out;
}

/**
 * `systemctl list-units --no-pager --type service --all`: NAME LOAD ACTIVE SUB DESCRIPTION,
 * with a "●" column first on a failed, masked or missing unit. Running when SUB is running;
 * status is the bad state or ACTIVE.
 */
export function unitsListed(stdout: string): Services {
  const out: Services = {};
  for (const line of stdout.split('\n').filter((l) => l.includes('.service'))) {
    let fields = line.trim().split(/\s+/);
    const bad = BAD_STATES.find((b) => fields.includes(b));
    if (bad) fields = fields.slice(1);
    const name = fields[0]!;
    out[name] = {
      name,
      state: fields[3] === 'running' ? 'running' : 'stopped',
      status: bad ?? fields[2],
      source: 'systemd',
    };
  }
  return out;
}

/** One `list-unit-files` row: the unit file and its state, or the line Ansible calls malformed. */
export function unitFileRows(stdout: string): { rows: { name: string; status: string }[]; malformed?: string } {
  const rows: { name: string; status: string }[] = [];
  for (const line of stdout.split('\n').filter((l) => l.includes('.service'))) {
    const [name, status] = line.trim().split(/\s+/);
    if (name === undefined || status === undefined) return { rows, malformed: line };
    rows.push({ name, status });
  }
  return { rows };
}

/**
 * Merges the unit files into the listed units: a unit file's state becomes the status
 * unless the unit is in a bad state; a file no unit was listed for is added with the
 * ActiveState `show` gave (`activeOf`), 'unknown' when show failed.
 */
export function withUnitFiles(
  units: Services,
  rows: { name: string; status: string }[],
  activeOf: (name: string) => string | undefined,
): Services {
  const out = { ...units };
  for (const { name, status } of rows) {
    const known = out[name];
    if (!known) out[name] = { name, state: activeOf(name) ?? 'unknown', status, source: 'systemd' };
    else if (!BAD_STATES.includes(known.status ?? '')) out[name] = { ...known, status };
  }
  return out;
}

/** `systemctl show NAME --property=ActiveState` output → the state, as Ansible trims it. */
export function activeStateOf(rc: number, stdout: string): string | undefined {
  return rc === 0 && stdout !== '' ? stdout.replaceAll('ActiveState=', '').trimEnd() : undefined;
}
