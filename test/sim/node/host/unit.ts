// SIMULATION, test support only: the command line systemd would start a unit with —
// its unit file, then its drop-ins (`NAME.service.d/*.conf`, a name in /etc
// overriding the same name below it), with Environment= and EnvironmentFile= values
// expanded into ExecStart as systemd does ($VAR splits into words, ${VAR} does not).
// This is how kubelet's flags reach it: KUBELET_EXTRA_ARGS in /etc/sysconfig/kubelet
// (RPM) or /etc/default/kubelet (DEB), KUBELET_KUBEADM_ARGS in kubeadm-flags.env.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readText } from './sys.js';

const DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

export interface UnitCommand {
  argv: string[];
  /** EnvironmentFile= paths that existed and were read. */
  envFiles: string[];
  /** The service's environment (Environment= and EnvironmentFile=). */
  env: Record<string, string>;
}

export function unitCommand(unit: string): UnitCommand {
  const main = DIRS.map((d) => readText(join(d, unit))).find((t) => t !== null);
  if (main === undefined || main === null) throw new Error(`Unit ${unit} not found.`);
  const env = new Map<string, string>();
  const envFiles: string[] = [];
  let exec = '';
  for (const text of [main, ...dropIns(unit)]) {
    for (const [key, value] of directives(text)) {
      if (key === 'Environment') for (const word of words(value)) assign(env, word);
      else if (key === 'EnvironmentFile') {
        const path = value.replace(/^-/, '');
        const content = readText(path);
        if (content === null) {
          if (!value.startsWith('-'))
            throw new Error(`Failed to load environment files: ${path}: No such file or directory`);
          continue;
        }
        envFiles.push(path);
        for (const [k, v] of envFile(content)) env.set(k, v);
      } else if (key === 'ExecStart') exec = value; // an empty ExecStart= resets it
    }
  }
  if (exec === '') throw new Error(`${unit} has no ExecStart=`);
  return { argv: expand(exec, env), envFiles, env: Object.fromEntries(env) };
}

function dropIns(unit: string): string[] {
  const byName = new Map<string, string>();
  for (const dir of DIRS) {
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, `${unit}.d`)).filter((n) => n.endsWith('.conf'));
    } catch {
      continue;
    }
    for (const n of names) if (!byName.has(n)) byName.set(n, join(dir, `${unit}.d`, n));
  }
  return [...byName.keys()].sort().map((n) => readText(byName.get(n)!) ?? '');
}

function directives(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out.push([m[1]!, m[2]!]);
  }
  return out;
}

/**
 * systemd's EnvironmentFile: KEY=value a line, # and ; comments, optional quotes;
 * a line ending in a backslash goes on on the next (Kubespray's KUBELET_ARGS).
 */
function envFile(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.replace(/\\\n/g, '').split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m || /^\s*[#;]/.test(line)) continue;
    const v = m[2]!.trim();
    out.push([m[1]!, /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v]);
  }
  return out;
}

function assign(env: Map<string, string>, word: string): void {
  const eq = word.indexOf('=');
  if (eq > 0) env.set(word.slice(0, eq), word.slice(eq + 1));
}

/** Splits on blanks, honouring double and single quotes. */
function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

function expand(exec: string, env: Map<string, string>): string[] {
  const out: string[] = [];
  for (const word of words(exec.replace(/^[-@:+!]+/, ''))) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
    if (whole) out.push(...(env.get(whole[1]!) ?? '').split(/\s+/).filter(Boolean));
    else out.push(word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, k: string) => env.get(k) ?? ''));
  }
  return out;
}
