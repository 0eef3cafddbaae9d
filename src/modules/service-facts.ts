// service_facts (ansible.builtin.service_facts): the host's services as the fact
// `services` (also ansible_facts.services), read as Ansible 2.14 reads a Linux host:
// `service --status-all` when Debian's `service` is there (and no chkconfig/rc-status),
// then, when PID 1 is systemd (/proc/1/comm), systemctl's list-units and list-unit-files
// (system/service-scan.ts). Upstart, chkconfig and OpenRC hosts are not read. Read only;
// no service found: skipped, with Ansible's message.
import { shellJoin } from '../quote.js';
import type { ArgsOf, ArgsSchema, ModuleContext, ModuleDef } from './contract.js';
import {
  activeStateOf,
  sysvServices,
  unitFileRows,
  unitsListed,
  withUnitFiles,
  type Services,
} from './system/service-scan.js';

const schema = { type: 'object', properties: {}, additionalProperties: false } as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

// Ansible runs its commands in the first parsable locale (C.UTF-8 on Debian), finds tools
// on PATH and in the sbin directories, and looks for systemctl in /usr/bin and
// /usr/local/bin before PATH.
const ENV = 'export LANG=C.UTF-8 LC_ALL=C.UTF-8 PATH="$PATH:/sbin:/usr/sbin:/usr/local/sbin"; ';
const PROBE =
  ENV +
  'for t in service chkconfig rc-status; do command -v "$t" >/dev/null 2>&1 && echo "tool=$t"; done; ' +
  'grep -qs systemd /proc/1/comm && echo systemd=yes; ' +
  '[ -e /etc/init.d ] && echo initd=yes; ' +
  'for s in /usr/bin/systemctl /usr/local/bin/systemctl "$(command -v systemctl)"; do ' +
  '[ -n "$s" ] && [ -x "$s" ] && { echo "systemctl=$s"; break; }; done; true';

export const serviceFacts: ModuleDef<Args> = {
  name: 'service_facts',
  summary: 'the services (sysv and systemd) as the fact `services` (ansible_facts.services)',
  checkMode: 'full',
  schema,
  async plan(_args, ctx) {
    const probe = await run(ctx, PROBE);
    const has = (line: string) => probe.stdout.split('\n').includes(line);
    const warnings: string[] = [];
    let services: Services = {};
    if (has('tool=service') && !has('tool=chkconfig') && !has('tool=rc-status')) {
      const r = await run(ctx, `${ENV}service --status-all`);
      // `service` on a host without /etc/init.d (RHEL 9) exits 4: nothing to read, as Ansible.
      if (!(r.rc === 4 && !has('initd=yes'))) {
        if (r.rc !== 0) warnings.push(`Unable to query 'service' tool (${r.rc}): ${r.stderr}`);
        services = sysvServices(r.stdout);
      }
    }
    const systemctl = probe.stdout.match(/^systemctl=(.+)$/m)?.[1];
    if (has('systemd=yes') && systemctl) {
      const scanned = await systemdServices(ctx, systemctl, warnings);
      if ('failed' in scanned) return { changes: [], failed: scanned.failed };
      services = { ...services, ...scanned.services };
    }
    const data = warnings.length > 0 ? { warnings } : {};
    if (Object.keys(services).length === 0)
      return {
        changes: [],
        skipped: 'Failed to find any services. This can be due to privileges or some other configuration issue.',
        data,
      };
    const ansibleFacts = { ...(asMapping(ctx.vars.ansible_facts) ?? {}), services };
    return {
      changes: [],
      facts: { services, ansible_facts: ansibleFacts },
      data: { ...data, ansible_facts: { services } },
    };
  },
};

async function systemdServices(
  ctx: ModuleContext,
  systemctl: string,
  warnings: string[],
): Promise<{ services: Services } | { failed: string }> {
  const units = await run(
    ctx,
    `${ENV}${shellJoin([systemctl, 'list-units', '--no-pager', '--type', 'service', '--all'])}`,
  );
  let services: Services = {};
  if (units.rc !== 0) warnings.push(`Could not list units from systemd: ${units.stderr}`);
  else services = unitsListed(units.stdout);
  const files = await run(
    ctx,
    `${ENV}${shellJoin([systemctl, 'list-unit-files', '--no-pager', '--type', 'service', '--all'])}`,
  );
  if (files.rc !== 0) {
    warnings.push(`Could not get unit files data from systemd: ${files.stderr}`);
    return { services };
  }
  const { rows, malformed } = unitFileRows(files.stdout);
  if (malformed !== undefined)
    return { failed: `Malformed output discovered from systemd list-unit-files: ${malformed}` };
  const states = await activeStates(
    ctx,
    systemctl,
    rows.map((r) => r.name).filter((n) => !(n in services)),
  );
  return { services: withUnitFiles(services, rows, (n) => states.get(n)) };
}

/** `systemctl show NAME --property=ActiveState` for each unit file no unit was listed for, in one round trip. */
async function activeStates(ctx: ModuleContext, systemctl: string, names: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (names.length === 0) return out;
  const script = names
    .map((n) => `o=$(${shellJoin([systemctl, 'show', n, '--property=ActiveState'])} 2>/dev/null); echo "$?|$o"`)
    .join('; ');
  const r = await run(ctx, ENV + script);
  r.stdout.split('\n').forEach((line, i) => {
    const name = names[i];
    const bar = line.indexOf('|');
    if (name === undefined || bar < 0) return;
    const state = activeStateOf(Number(line.slice(0, bar)), line.slice(bar + 1));
    if (state !== undefined) out.set(name, state);
  });
  return out;
}

const run = (ctx: ModuleContext, command: string) => ctx.conn.exec(command, { signal: ctx.signal });

const asMapping = (v: unknown) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
