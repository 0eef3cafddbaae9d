// Each lab's cgroups: the lab hosts share this machine's cgroup hierarchies (a bind
// of /sys in every host), so the container runtimes a host runs place their
// containers under /runbook-lab/<key>/<host>/… of every hierarchy (dockerd's
// --cgroup-parent, `ctr run --cgroup`), never at the top level, where another host's
// or another lab's containers of the same name would land too. <key> is a hash of
// the lab's directory: two labs (two work trees) never share one.
import { createHash } from 'node:crypto';
import { type Dirent, readdirSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = '/sys/fs/cgroup';
export const LAB_CGROUP_DIR = 'runbook-lab';

export function labCgroupKey(labDir: string): string {
  return createHash('sha256').update(labDir).digest('hex').slice(0, 10);
}

/** The cgroup path (absolute, as dockerd and runc take it) under which a host's containers live. */
export function hostCgroupParent(labDir: string, host: string): string {
  return `/${LAB_CGROUP_DIR}/${labCgroupKey(labDir)}/${host}`;
}

/**
 * Removes the lab's cgroups in every hierarchy, deepest first. A cgroup whose last
 * process is still being torn down by the kernel refuses (EBUSY) for a moment: the
 * caller retries until `leftLabCgroups` is empty.
 */
export function removeLabCgroups(labDir: string): void {
  for (const top of labCgroupTops(labDir)) {
    removeTree(top);
    // The shared /runbook-lab too, once no lab is left in it (another lab's keeps it).
    try {
      rmdirSync(dirname(top));
    } catch {
      // Not empty, or gone.
    }
  }
}

/** The lab's cgroup directories that still exist, one per hierarchy. */
export function leftLabCgroups(labDir: string): string[] {
  return labCgroupTops(labDir).filter((d) => exists(d));
}

function labCgroupTops(labDir: string): string[] {
  let hierarchies: string[] = [];
  try {
    hierarchies = readdirSync(ROOT);
  } catch {
    return [];
  }
  return hierarchies.map((h) => join(ROOT, h, LAB_CGROUP_DIR, labCgroupKey(labDir)));
}

function removeTree(dir: string): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // gone, or never made in this hierarchy
  }
  for (const e of entries) if (e.isDirectory()) removeTree(join(dir, e.name));
  try {
    rmdirSync(dir);
  } catch {
    // EBUSY: a process is still leaving it; the next pass removes it.
  }
}

function exists(dir: string): boolean {
  try {
    readdirSync(dir);
    return true;
  } catch {
    return false;
  }
}
