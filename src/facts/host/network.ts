// Ansible's network facts on Linux: interfaces (from /sys/class/net, in its
// order), their addresses (`ip -o addr`), and the default IPv4/IPv6 interface
// (the route `ip route get` takes to a public address, as Ansible asks).
import type { HostReading } from './reading.js';

interface Ipv4 {
  address: string;
  broadcast: string;
  netmask: string;
  network: string;
  prefix: string;
}

interface Ipv6 {
  address: string;
  prefix: string;
  scope: string;
}

type Iface = Record<string, unknown> & { device: string; ipv4?: Ipv4; ipv6?: Ipv6[] };

export function networkFacts(r: HostReading): Record<string, unknown> {
  const ifaces = interfaces(r.sections.links ?? []);
  const labels = new Map<string, string>();
  for (const line of r.sections.addr ?? []) addAddress(line, ifaces, labels);
  const all = [...ifaces.values()];
  const facts: Record<string, unknown> = {
    interfaces: all.map((i) => i.device),
    all_ipv4_addresses: all
      .flatMap((i) => [i.ipv4, ...((i.ipv4_secondaries as Ipv4[] | undefined) ?? [])])
      .flatMap((a) => (a && !a.address.startsWith('127.') ? [a.address] : [])),
    all_ipv6_addresses: all.flatMap((i) => i.ipv6 ?? []).flatMap((a) => (a.address === '::1' ? [] : [a.address])),
    default_ipv4: defaultRoute(r.sections.route4 ?? [], ifaces, 4, labels),
    default_ipv6: defaultRoute(r.sections.route6 ?? [], ifaces, 6, labels),
  };
  // Each interface also under its own name, as `ansible_eth0` ("-" becomes "_" in modules/setup.ts).
  for (const i of all) facts[i.device] = i;
  return facts;
}

// "name mac mtu flags type" for each /sys/class/net entry.
function interfaces(lines: string[]): Map<string, Iface> {
  const out = new Map<string, Iface>();
  for (const line of lines) {
    const [device, mac, mtu, flags, type] = line.trim().split(/\s+/);
    if (!device) continue;
    const bits = Number(flags ?? 0);
    const kind = type === '1' ? 'ether' : type === '772' ? 'loopback' : 'unknown';
    out.set(device, {
      device,
      active: (bits & 0x1) !== 0,
      type: kind,
      mtu: Number(mtu),
      promisc: (bits & 0x100) !== 0,
      ...(kind !== 'loopback' && mac ? { macaddress: mac } : {}),
    });
  }
  return out;
}

// "4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\       valid_lft …"
function addAddress(line: string, ifaces: Map<string, Iface>, labels: Map<string, string>): void {
  const m = /^\d+:\s+(\S+)\s+(inet6?)\s+([^/\s]+)\/(\d+)(?:\s+brd\s+(\S+))?.*?\bscope\s+(\S+)\s*([^\s\\]*)/.exec(line);
  if (!m) return;
  const [, dev, family, address, prefix, brd, scope, label] = m as unknown as string[];
  const iface = ifaces.get(dev as string);
  if (!iface) return;
  if (family === 'inet6') {
    iface.ipv6 ??= [];
    iface.ipv6.push({ address: address as string, prefix: prefix as string, scope: scope as string });
    return;
  }
  const mask = maskOf(Number(prefix));
  const ipv4: Ipv4 = {
    address: address as string,
    broadcast: brd ?? '',
    netmask: dotted(mask),
    network: dotted(toInt(address as string) & mask),
    prefix: prefix as string,
  };
  labels.set(address as string, label || (dev as string));
  if (iface.ipv4) {
    iface.ipv4_secondaries ??= [];
    (iface.ipv4_secondaries as Ipv4[]).push(ipv4);
  } else iface.ipv4 = ipv4;
}

// "8.8.8.8 via 192.0.2.1 dev eth0 src 192.0.2.2 uid 0"
function defaultRoute(
  lines: string[],
  ifaces: Map<string, Iface>,
  family: 4 | 6,
  labels: Map<string, string>,
): Record<string, unknown> {
  const words = (lines[0] ?? '').trim().split(/\s+/);
  const after = (w: string) => (words.includes(w) ? words[words.indexOf(w) + 1] : undefined);
  const dev = after('dev');
  const iface = dev ? ifaces.get(dev) : undefined;
  if (!dev || !iface) return {};
  const src = after('src');
  const base = { interface: dev, address: src, ...(after('via') ? { gateway: after('via') } : {}) };
  const link = { ...(iface.macaddress ? { macaddress: iface.macaddress } : {}), mtu: iface.mtu, type: iface.type };
  if (family === 4) {
    const a = [iface.ipv4, ...((iface.ipv4_secondaries as Ipv4[] | undefined) ?? [])].find((x) => x?.address === src);
    return a ? { ...base, ...a, ...link, alias: labels.get(a.address) ?? dev } : { ...base, ...link };
  }
  const a = iface.ipv6?.find((x) => x.address === src);
  return { ...base, ...(a ? { prefix: a.prefix, scope: a.scope } : {}), ...link };
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function toInt(address: string): number {
  return address.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);
}

function dotted(n: number): string {
  return [24, 16, 8, 0].map((s) => ((n >>> s) & 255).toString()).join('.');
}
