// The OpenSSH client options runbook understands, from wherever they are written:
// ~/.ssh/config, `-o Key=Value` in ansible_ssh_common_args / ansible_ssh_extra_args,
// and --ssh-extra-args. One reader per keyword, so each place checks values alike.
import shellQuote from 'shell-quote';
import { RunbookError } from '../errors.js';

export type HostKeyChecking = 'strict' | 'accept-new' | 'off';

export interface SshOptions {
  hostName?: string;
  port?: number;
  user?: string;
  /** As written: `~` and %-tokens are expanded by the caller. */
  identityFiles?: string[];
  identitiesOnly?: boolean;
  /** `[user@]host[:port]` hops, outermost first; [] for `none`. */
  proxyJump?: string[];
  strictHostKeyChecking?: HostKeyChecking;
  userKnownHostsFile?: string;
  connectTimeoutS?: number;
  serverAliveIntervalS?: number;
  serverAliveCountMax?: number;
}

/** Throws a RunbookError saying `what` about the value; the caller knows where it was written. */
export type Complain = (what: string) => never;

type Reader = (value: string, complain: Complain) => SshOptions;

const READERS: Record<string, Reader> = {
  hostname: (v) => ({ hostName: v }),
  port: (v, c) => ({ port: whole(v, c, 1, 65535, 'a port number from 1 to 65535') }),
  user: (v) => ({ user: v }),
  identityfile: (v) => ({ identityFiles: [v] }),
  identitiesonly: (v, c) => ({ identitiesOnly: yesNo(v, c) }),
  proxyjump: (v, c) => ({ proxyJump: jumpList(v, c) }),
  stricthostkeychecking: (v, c) => ({ strictHostKeyChecking: hostKeyChecking(v, c) }),
  userknownhostsfile: (v) => ({ userKnownHostsFile: v.split(/\s+/)[0]! }),
  connecttimeout: (v, c) => ({ connectTimeoutS: whole(v, c, 1, 86_400, 'a number of seconds') }),
  serveraliveinterval: (v, c) => ({ serverAliveIntervalS: whole(v, c, 0, 86_400, 'a number of seconds') }),
  serveralivecountmax: (v, c) => ({ serverAliveCountMax: whole(v, c, 0, 1000, 'a count') }),
};

export const SUPPORTED_OPTIONS =
  'HostName, Port, User, IdentityFile, IdentitiesOnly, ProxyJump, StrictHostKeyChecking, UserKnownHostsFile, ' +
  'ConnectTimeout, ServerAliveInterval, ServerAliveCountMax';

const CANONICAL = new Map(SUPPORTED_OPTIONS.split(', ').map((k) => [k.toLowerCase(), k]));

export function isSupportedOption(keyword: string): boolean {
  return keyword.toLowerCase() in READERS;
}

/** One `Keyword value`; an unknown keyword is the caller's business (see isSupportedOption). */
export function readSshOption(keyword: string, value: string, complain: Complain): SshOptions {
  const reader = READERS[keyword.toLowerCase()];
  return reader ? reader(value.trim(), (what) => complain(`${CANONICAL.get(keyword.toLowerCase())} ${what}`)) : {};
}

/** `b` over `a`; identity files add up (OpenSSH offers every one it was given). */
export function mergeSshOptions(a: SshOptions, b: SshOptions): SshOptions {
  const out: SshOptions = { ...a, ...b };
  if (a.identityFiles && b.identityFiles) out.identityFiles = [...b.identityFiles, ...a.identityFiles];
  return out;
}

/**
 * ssh arguments as Ansible passes them (`-o ProxyJump=bastion -o Port=2222`, `-J`,
 * `-i`, `-p`, `-l`). `source` names where they were written, for errors. Anything
 * else is refused: runbook has no ssh binary to hand it to.
 */
export function parseSshArgs(text: string, source: string): SshOptions {
  const words = shellQuote.parse(text).map((w) => {
    if (typeof w !== 'string') throw usage(source, `cannot read "${text}": shell operators are not ssh arguments`);
    return w;
  });
  let out: SshOptions = {};
  const add = (keyword: string, value: string): void => {
    if (!isSupportedOption(keyword)) {
      throw usage(
        source,
        `the ssh option ${keyword} is not supported`,
        `runbook connects without the ssh binary and understands only ${SUPPORTED_OPTIONS}`,
      );
    }
    out = mergeSshOptions(
      out,
      readSshOption(keyword, value, (what) => {
        throw usage(source, what);
      }),
    );
  };
  const FLAGS: Record<string, string> = { '-J': 'ProxyJump', '-i': 'IdentityFile', '-p': 'Port', '-l': 'User' };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const flag = word.slice(0, 2);
    const inline = word.length > 2 ? word.slice(2) : undefined;
    if (flag !== '-o' && !(flag in FLAGS)) {
      throw usage(
        source,
        `the ssh argument "${word}" is not supported`,
        `give options as -o Key=Value (${SUPPORTED_OPTIONS}), or -J, -i, -p, -l`,
      );
    }
    const arg = inline ?? words[++i];
    if (arg === undefined) throw usage(source, `${flag} needs a value`);
    if (flag !== '-o') {
      add(FLAGS[flag]!, arg);
      continue;
    }
    const m = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*(.*)$/.exec(arg);
    if (!m || m[2] === '') throw usage(source, `"-o ${arg}" is not of the form -o Key=Value`);
    add(m[1]!, m[2]!);
  }
  return out;
}

function usage(source: string, what: string, hint?: string): RunbookError {
  return new RunbookError('usage', `${source}: ${what}`, hint ? { hint } : {});
}

function whole(v: string, complain: Complain, min: number, max: number, expected: string): number {
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) complain(`must be ${expected}, got "${v}"`);
  return n;
}

function yesNo(v: string, complain: Complain): boolean {
  const word = v.toLowerCase();
  if (word === 'yes' || word === 'true') return true;
  if (word === 'no' || word === 'false') return false;
  return complain(`must be yes or no, got "${v}"`);
}

// OpenSSH's `no` records new keys and connects even to changed ones; `off` is the closest.
function hostKeyChecking(v: string, complain: Complain): HostKeyChecking {
  const word = v.toLowerCase();
  if (word === 'yes' || word === 'ask' || word === 'true') return 'strict';
  if (word === 'accept-new') return 'accept-new';
  if (word === 'no' || word === 'off' || word === 'false') return 'off';
  return complain(`must be yes, accept-new or no, got "${v}"`);
}

/** `none`, or comma-separated `[user@]host[:port]` hops (ssh:// URIs too). */
export function jumpList(v: string, complain: Complain): string[] {
  if (v.toLowerCase() === 'none') return [];
  const hops = v.split(',').map((h) => h.trim().replace(/^ssh:\/\//, ''));
  for (const hop of hops) if (!parseHop(hop)) complain(`has "${hop}", which is not [user@]host[:port]`);
  return hops;
}

export interface Hop {
  user?: string;
  host: string;
  port?: number;
}

export function parseHop(hop: string): Hop | undefined {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s[\]]+)(?::(\d+))?$/.exec(hop);
  if (!m) return undefined;
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { ...(m[1] ? { user: m[1] } : {}), host: m[2]!.replace(/^\[|\]$/g, ''), ...(port ? { port } : {}) };
}
