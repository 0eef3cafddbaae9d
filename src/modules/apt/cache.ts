// apt's package lists: how old they are and refreshing them, judged as Ansible's
// apt module judges: by the mtime of apt's update-success stamp, else of
// /var/lib/apt/lists; the cache "was updated" when that time moved.
import type { Connection } from '../../transport/connection.js';
import { lastLines } from '../package/manager.js';

const STAMP = '/var/lib/apt/periodic/update-success-stamp';
const LISTS = '/var/lib/apt/lists';

export const UPDATE_COMMAND = 'DEBIAN_FRONTEND=noninteractive LC_ALL=C apt-get -q -o DPkg::Lock::Timeout=120 update';

/** Seconds since the epoch of the last update, 0 when apt never updated. */
export async function cacheTime(conn: Connection): Promise<number> {
  const r = await conn.exec(`stat -c %Y ${STAMP} 2>/dev/null || stat -c %Y ${LISTS} 2>/dev/null || echo 0`);
  return Number.parseInt(r.stdout.trim(), 10) || 0;
}

export interface CacheOutcome {
  cache_updated: boolean;
  cache_update_time: number;
}

/**
 * Updates the lists when asked and older than `validS` seconds. Under --check
 * nothing runs and the cache counts as updated (as Ansible reports it).
 */
export async function refreshCache(
  conn: Connection,
  validS: number,
  check: boolean,
): Promise<CacheOutcome | { failed: string }> {
  const before = await cacheTime(conn);
  const now = Number.parseInt((await conn.exec('date +%s')).stdout.trim(), 10);
  if (before + validS >= now && validS > 0) return { cache_updated: false, cache_update_time: before };
  if (check) return { cache_updated: true, cache_update_time: before };
  const r = await conn.exec(UPDATE_COMMAND);
  if (r.rc !== 0) return { failed: `Failed to update apt cache: ${lastLines(r.stdout, r.stderr)}` };
  const after = await cacheTime(conn);
  return { cache_updated: after !== before, cache_update_time: after };
}
