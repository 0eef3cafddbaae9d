// The gather script's output (facts/system.ts): `key=value` lines, and
// `@name` … `@end` blocks kept as their lines.

export interface HostReading {
  values: Record<string, string>;
  sections: Record<string, string[]>;
  /** /etc/os-release, unquoted. */
  osRelease: Record<string, string>;
}

export function parseReading(stdout: string): HostReading {
  const values: Record<string, string> = {};
  const sections: Record<string, string[]> = {};
  let open: string[] | undefined;
  for (const line of stdout.split('\n')) {
    if (open) {
      if (line === '@end') open = undefined;
      else open.push(line);
      continue;
    }
    if (/^@[\w-]+$/.test(line)) {
      open = sections[line.slice(1)] = [];
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1).trim();
  }
  return { values, sections, osRelease: keyValues(sections['os-release'] ?? []) };
}

/** KEY=value lines, with shell quotes taken off (os-release's form). */
function keyValues(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1] as string] = (m[2] as string).replace(/^"(.*)"$|^'(.*)'$/, (_, a, b) => (a ?? b) as string);
  }
  return out;
}

/** `env` output: a line without `=` continues the value before it. */
export function envOf(lines: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  let last: string | undefined;
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(line.slice(0, eq))) {
      last = line.slice(0, eq);
      env[last] = line.slice(eq + 1);
    } else if (last !== undefined) env[last] += `\n${line}`;
  }
  return env;
}
