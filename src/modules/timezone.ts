// timezone (community.general.timezone) as community.general 6.6 sets it on a Debian host
// where timedatectl does not answer (no systemd): /etc/timezone names the zone (its
// first line that starts with a non-blank is replaced, the others such lines dropped),
// /etc/localtime becomes a link to the zone file and `dpkg-reconfigure --frontend
// noninteractive tzdata` runs. The zone read before is /etc/timezone's, or, when that is
// the asked one already, the zone /etc/localtime links to ("n/a" when it is no link to a
// zone file, or a copy of another). Hosts where timedatectl answers, and `hwclock` (it
// would set the machine's hardware clock), are refused with a clear message for now.
import { shellJoin, shellQuoteValue as q } from '../quote.js';
import type { ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      pattern: '^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$',
      description: 'the zone, as a name under /usr/share/zoneinfo (Europe/Berlin, Etc/UTC)',
    },
  },
  required: ['name'],
  additionalProperties: false,
  errorHint: 'runbook sets the zone by `name`; `hwclock` (the hardware clock) is not supported',
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const timezone: ModuleDef<Args> = {
  name: 'timezone',
  summary: 'set the time zone (/etc/timezone, /etc/localtime and tzdata, as Ansible on Debian)',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const zone = args.name;
    const zoneFile = `/usr/share/zoneinfo/${zone}`;
    const probe = await ctx.conn.exec(
      'timedatectl >/dev/null 2>&1 && echo systemd=yes; command -v dpkg-reconfigure >/dev/null && echo dpkg=yes; ' +
        `[ -f ${q(zoneFile)} ] && echo zone=yes; ` +
        'if [ -L /etc/localtime ]; then [ -e /etc/localtime ] && echo "link=$(readlink /etc/localtime)" || echo link=; fi; ' +
        `cmp -s /etc/localtime ${q(zoneFile)} && echo same=yes; true`,
      { signal: ctx.signal },
    );
    const facts = new Map(
      probe.stdout
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (facts.get('systemd') === 'yes')
      return { changes: [], failed: 'timezone: hosts where timedatectl answers (systemd) are not supported yet' };
    if (facts.get('dpkg') !== 'yes')
      return { changes: [], failed: 'timezone: only Debian-family hosts (dpkg-reconfigure) are supported' };
    if (facts.get('zone') !== 'yes')
      return { changes: [], failed: `Error message:\ngiven timezone "${zone}" is not available` };
    const text = (await ctx.conn.readFile('/etc/timezone'))?.toString('utf8');
    const before = zoneBefore(zone, text, facts);
    const diff = { before: { name: before }, after: { name: zone } };
    if (before === zone) return { changes: [], data: { diff } };
    const { content, dropped } = withZone(text ?? '', zone);
    const change: Change = {
      summary: `time zone ${zone} (was ${before})`,
      diff: { path: 'timezone', before: `name = ${before}\n`, after: `name = ${zone}\n` },
      apply: () => setZone(ctx, content, zoneFile, dropped),
    };
    return { changes: [change], data: { diff } };
  },
};

/** The zone Ansible reads before a change (see the header). */
function zoneBefore(zone: string, text: string | undefined, facts: Map<string, string>): string {
  const named = text?.match(/^(\S+)/m)?.[1] ?? 'n/a';
  if (named !== zone) return named;
  const link = facts.get('link');
  if (link === undefined) return facts.get('same') === 'yes' ? named : 'n/a';
  if (link === '') return 'n/a';
  const linked = link.match(/\/(?:usr\/share|etc)\/zoneinfo\/(.*)/)?.[1];
  return linked !== undefined && linked !== zone ? linked : named;
}

/** /etc/timezone with its first zone line replaced and the other zone lines dropped. */
export function withZone(text: string, zone: string): { content: string; dropped: number } {
  const lines = text === '' ? [] : text.split(/(?<=\n)/);
  const matched = lines.flatMap((l, i) => (/^\S/.test(l) ? [i] : []));
  const kept = lines.filter((_, i) => !matched.includes(i));
  kept.splice(matched[0] ?? 0, 0, `${zone}\n`);
  return { content: kept.join(''), dropped: matched.length };
}

async function setZone(ctx: ModuleContext, content: string, zoneFile: string, dropped: number) {
  await ctx.conn.writeFile('/etc/timezone', content);
  const r = await ctx.conn.exec(
    `${shellJoin(['ln', '-sf', zoneFile, '/etc/localtime'])} && dpkg-reconfigure --frontend noninteractive tzdata`,
    { signal: ctx.signal },
  );
  if (r.rc !== 0) return { failed: true, msg: `Command failed rc=${r.rc}, out=${r.stdout}, err=${r.stderr}` };
  return { msg: `Added 1 line and deleted ${dropped} line(s) on /etc/timezone` };
}
