// A systemd unit as `systemctl cat` prints it (the unit file, then
// each drop-in, every one under a `# /path` line), read the way systemd reads
// it: a line ending in a backslash goes on on the next, the last ExecStart=
// wins and an empty one resets it, EnvironmentFile= with a leading `-` is
// optional, and `$VAR` in ExecStart splits into words where `${VAR}` does not.

export interface UnitDirective {
  key: string;
  value: string;
  /** The unit file or drop-in it is written in. */
  file: string;
}

/** The [Service] directives of every file `systemctl cat` printed, in order. */
export function serviceDirectives(catOutput: string): UnitDirective[] {
  const out: UnitDirective[] = [];
  let file = '';
  let section = '';
  for (const line of catOutput.replace(/\\\n/g, ' ').split('\n')) {
    const header = /^# (\/\S+)\s*$/.exec(line);
    if (header) {
      file = header[1]!;
      section = '';
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const sect = /^\[(.+)\]$/.exec(trimmed);
    if (sect) {
      section = sect[1]!;
      continue;
    }
    const kv = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(trimmed);
    if (kv && section === 'Service') out.push({ key: kv[1]!, value: kv[2]!, file });
  }
  return out;
}

/** Blank-separated words, honouring double and single quotes (systemd's rule). */
export function unitWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The variable names an ExecStart line uses, `$VAR` (split) or `${VAR}` (kept whole). */
export function referencedVariables(execStart: string): string[] {
  return [...execStart.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)].map((m) => m[1]!);
}

/** ExecStart with its variables expanded into argv, as systemd does. */
export function expandExecStart(execStart: string, env: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const word of unitWords(execStart.replace(/^[-@:+!]+/, ''))) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
    if (whole) out.push(...(env.get(whole[1]!) ?? '').split(/\s+/).filter(Boolean));
    else out.push(word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, k: string) => env.get(k) ?? ''));
  }
  return out;
}
