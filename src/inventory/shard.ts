// --shard K/N: one of N processes (a Kubernetes Indexed Job's pods, say) takes the
// hosts of shard K. Each host's shard follows from its name alone, by rendezvous
// hashing (highest score of name × shard wins): adding or removing hosts moves no
// other host, and going from N to N+1 shards moves only the hosts the new shard wins
// (about 1 in N+1). No coordination, no state: every process computes the same split.
import { RunbookError } from '../errors.js';

export interface Shard {
  /** 1-based, as written: `--shard 1/4` … `--shard 4/4`. */
  index: number;
  count: number;
}

/** Parses `K/N` (1 ≤ K ≤ N). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new RunbookError('usage', `--shard must be K/N with 1 ≤ K ≤ N, not "${text}"`, {
      hint: 'e.g. --shard 2/4 for the second of four processes; in an Indexed Job: --shard $((JOB_COMPLETION_INDEX + 1))/N',
    });
  }
  return { index, count };
}

/** The shard (1-based) of `host` among `count` shards. */
export function shardOf(host: string, count: number): number {
  const h = fnv1a(host);
  let best = 1;
  let bestScore = -1;
  for (let k = 1; k <= count; k++) {
    const score = mix(h ^ mix(k));
    if (score > bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}

/** The names among `hosts` that belong to `shard`, in their order. */
export function inShard(hosts: Iterable<string>, shard: Shard): string[] {
  return [...hosts].filter((h) => shardOf(h, shard.count) === shard.index);
}

/** FNV-1a, 32 bits, over the UTF-16 code units of `text`. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A 32-bit finaliser (lowbias32): every input bit reaches every output bit. */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
