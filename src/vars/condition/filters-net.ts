// ipaddr / ipv4 / ipv6 (ansible.utils, which Kubespray's inventories use) for
// IPv4 addresses and networks, as ansible.utils 2.10's ipaddr_utils.py answers
// the common queries: none (the value when it is an address or a network),
// address/ip, net, network, netmask, prefix, broadcast, size, host, cidr,
// subnet, first_usable, last_usable, an index (`ipaddr(1)`: that address of the
// network), and a network (`ipaddr('10.0.0.0/8')`: the value when inside it).
// What is not an IP address gives false. IPv6 values are recognised (ipv6,
// and ipaddr without a query) but not computed on.
import { isIPv6 } from 'node:net';
import type { FilterDef } from './defs.js';
import { Fault } from './fault.js';
import { truthy } from './values.js';
import { pyStr } from './python-text.js';

interface V4 {
  ip: number;
  prefix: number;
  /** Written with a /prefix (netaddr's "network" type) or without ("address"). */
  network: boolean;
}

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

function parseV4(value: unknown): V4 | undefined {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    const n = Number(value);
    return n >= 0 && n <= 0xffffffff ? { ip: n, prefix: 32, network: false } : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const m = OCTETS.exec(value.trim());
  if (!m) return undefined;
  const parts = m.slice(1, 5).map(Number);
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (parts.some((p) => p > 255) || prefix > 32) return undefined;
  return { ip: parts.reduce((a, p) => a * 256 + p, 0), prefix, network: m[5] !== undefined };
}

const text = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
const size = (v: V4) => 2 ** (32 - v.prefix);
const base = (v: V4) => v.ip - (v.ip % size(v));
const last = (v: V4) => base(v) + size(v) - 1;
const netmask = (v: V4) => 0xffffffff - (size(v) - 1);
const cidr = (v: V4) => `${text(v.ip)}/${v.prefix}`;
// netaddr gives a /31 no broadcast address.
const hasBroadcast = (v: V4) => v.prefix < 31;

/** Each query: the answer, or null where netaddr's gives None. */
const QUERIES: Record<string, (v: V4, value: unknown) => unknown> = {
  '': (v) => (v.network ? cidr(v) : text(v.ip)),
  address: (v) => ipQuery(v),
  ip: (v) => ipQuery(v),
  net: (v) => (size(v) > 1 && v.ip === base(v) ? `${text(base(v))}/${v.prefix}` : null),
  network: (v) => text(base(v)),
  netmask: (v) => text(netmask(v)),
  hostmask: (v) => text(size(v) - 1),
  prefix: (v) => v.prefix,
  broadcast: (v) => (size(v) > 2 ? text(last(v)) : null),
  size: (v) => size(v),
  host: (v) => (size(v) === 1 ? cidr(v) : v.ip !== base(v) || !hasBroadcast(v) ? cidr(v) : null),
  cidr: (v) => cidr(v),
  subnet: (v) => `${text(base(v))}/${v.prefix}`,
  'network/prefix': (v) => `${text(base(v))}/${v.prefix}`,
  first_usable: (v) => usable(v, 'first'),
  last_usable: (v) => usable(v, 'last'),
  bool: () => true,
  type: (v) => (v.network ? 'network' : 'address'),
  version: () => 4,
  ipv4: (_v, value) => value,
  v4: (_v, value) => value,
};

function ipQuery(v: V4): string | null {
  if (size(v) === 1) return text(v.ip);
  return v.ip !== base(v) || !hasBroadcast(v) ? text(v.ip) : null;
}

function usable(v: V4, end: 'first' | 'last'): string | null {
  if (!v.network) throw new Fault('Not a network address', { hint: 'give a network with its prefix: 10.0.0.0/24' });
  if (size(v) === 1) return null;
  if (size(v) === 2) return text(end === 'first' ? base(v) : last(v));
  return text(end === 'first' ? base(v) + 1 : last(v) - 1);
}

function ipaddr(value: unknown, query: unknown, version: 0 | 4 | 6): unknown {
  if (Array.isArray(value)) return value.map((x) => ipaddr(x, query, version)).filter(truthy);
  if (!truthy(value) || value === true) return false;
  const q = query === undefined ? '' : query;
  if (typeof value === 'string' && isIPv6(value.split('/')[0] as string)) {
    if (version === 4) return false;
    if (q === '' || q === 'ipv6' || q === 'v6') return value;
    throw new Fault(`runbook's ipaddr computes on IPv4 only; "${value}" is IPv6`, {
      hint: 'use an IPv4 value, or compute it in a command on the host',
    });
  }
  const v = parseV4(value);
  if (!v || version === 6) return false;
  if (typeof q === 'number' || (typeof q === 'string' && /^-?\d+$/.test(q))) {
    const n = Number(q);
    if (size(v) === 1) return v.network ? cidr(v) : text(v.ip);
    const index = n < 0 ? size(v) + n : n;
    return index >= 0 && index < size(v) ? `${text(base(v) + index)}/${v.prefix}` : false;
  }
  if (typeof q !== 'string')
    throw new Fault(`the query of ipaddr must be a string or a number, got ${pyStr(q)}`, { arg: 0 });
  const known = QUERIES[q];
  if (known) return known(v, value);
  const within = parseV4(q);
  if (within) return base(v) >= base(within) && last(v) <= last(within) ? value : false;
  throw new Fault(`ipaddr: unknown filter type: ${q}`, {
    arg: 0,
    hint: `runbook reads: ${Object.keys(QUERIES)
      .filter((k) => k)
      .join(', ')}, an index, or a network`,
  });
}

const def = (name: string, version: 0 | 4 | 6): FilterDef => ({
  args: [0, 1],
  doc:
    `\`x | ${name}('address')\`: ansible.utils' ${name} for IPv4 (the value when it is one, false when not; ` +
    `queries address, net, network, netmask, prefix, broadcast, size, host, first_usable, ` +
    `last_usable, an index, a network)`,
  run: (v, [q]) => ipaddr(v, q, version),
});

export const NET_FILTERS: [string, FilterDef][] = [
  ['ipaddr', def('ipaddr', 0)],
  ['ipv4', def('ipv4', 4)],
  ['ipv6', def('ipv6', 6)],
];
