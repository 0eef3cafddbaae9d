// Ansible's hardware facts on Linux: memory, processors, mounts.
import type { HostReading } from './reading.js';

export function hardwareFacts(r: HostReading): Record<string, unknown> {
  return {
    ...memory(r.sections.meminfo ?? []),
    ...processors(r.sections.cpuinfo ?? [], r.values.nproc),
    mounts: mounts(r.sections.mounts ?? []),
  };
}

function memory(lines: string[]): Record<string, number> {
  const kb: Record<string, number> = {};
  for (const line of lines) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) kb[m[1] as string] = Number(m[2]);
  }
  const mb = (k: string) => Math.floor((kb[k] ?? 0) / 1024);
  return {
    memtotal_mb: mb('MemTotal'),
    memfree_mb: mb('MemFree'),
    swaptotal_mb: mb('SwapTotal'),
    swapfree_mb: mb('SwapFree'),
  };
}

// As Ansible reads /proc/cpuinfo: sockets by "physical id", cores and siblings per socket.
function processors(lines: string[], nproc: string | undefined): Record<string, number> {
  const field = (name: string) =>
    lines.filter((l) => l.startsWith(name)).map((l) => l.slice(l.indexOf(':') + 1).trim());
  const logical = field('processor').length;
  const sockets = new Set(field('physical id')).size;
  const cores = Number(field('cpu cores')[0] ?? 1);
  const siblings = Number(field('siblings')[0] ?? cores);
  const threads = Math.max(1, Math.floor(siblings / cores));
  return {
    processor_count: sockets || logical,
    processor_cores: cores,
    processor_threads_per_core: threads,
    processor_vcpus: sockets ? threads * cores * sockets : logical,
    processor_nproc: Number(nproc) || logical,
  };
}

// "device mount fstype options frsize bsize blocks bavail files ffree"
function mounts(lines: string[]): Record<string, unknown>[] {
  return lines.flatMap((line) => {
    const [device, mount, fstype, options, ...sizes] = line.trim().split(/\s+/);
    if (!device || !mount) return [];
    const [frsize = 0, bsize = 0, blocks = 0, bavail = 0, files = 0, ffree = 0] = sizes.map(Number);
    return [
      {
        mount: unescapeOctal(mount),
        device: unescapeOctal(device),
        fstype,
        options,
        size_total: frsize * blocks,
        size_available: frsize * bavail,
        block_size: bsize,
        block_total: blocks,
        block_available: bavail,
        block_used: blocks - bavail,
        inode_total: files,
        inode_available: ffree,
        inode_used: files - ffree,
        uuid: 'N/A',
      },
    ];
  });
}

// /proc/mounts writes a space as \040.
function unescapeOctal(text: string): string {
  return text.replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}
