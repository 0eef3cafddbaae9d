// `serial` → batches, with Ansible's semantics so a rollout plan reads the same:
// an integer, a percentage of the play's hosts (rounded down, at least 1), or a
// list ramp whose last item repeats. Absent or 0: one batch of every host.
export type SerialItem = number | string;
export type Serial = SerialItem | SerialItem[];

function batchSize(item: SerialItem, total: number): number {
  if (typeof item === 'number') return item <= 0 ? total : Math.floor(item);
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(item.trim());
  if (!pct) throw new Error(`serial "${item}" is neither a number nor a percentage`);
  return Math.max(1, Math.floor((Number(pct[1]) / 100) * total));
}

export function splitBatches<T>(hosts: readonly T[], serial?: Serial): T[][] {
  if (hosts.length === 0) return [];
  const items = serial === undefined ? [0] : Array.isArray(serial) ? serial : [serial];
  if (items.length === 0) return [hosts.slice()];
  const batches: T[][] = [];
  let at = 0;
  let i = 0;
  while (at < hosts.length) {
    const item = items[Math.min(i, items.length - 1)] as SerialItem;
    const size = Math.max(1, batchSize(item, hosts.length));
    batches.push(hosts.slice(at, at + size));
    at += size;
    i++;
  }
  return batches;
}
