// kubelet's command-line flags inside one variable of an env file
// (KUBELET_EXTRA_ARGS="--a=1 --b"): set and remove flags by name, keep the
// others where they are. `--name value` is read too; flags are written `--name=value`.

interface Flag {
  name: string;
  /** undefined: a bare flag (`--v`), written without `=`. */
  value?: string;
  /** A word that is not a flag, kept as it was. */
  raw?: boolean;
}

export function parseFlags(text: string): Flag[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const flags: Flag[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const eq = w.indexOf('=');
    if (!w.startsWith('-')) {
      // A stray word (not after a flag): keep it as it is.
      flags.push({ name: w, raw: true });
    } else if (eq > 0) {
      flags.push({ name: w.slice(0, eq).replace(/^-+/, ''), value: w.slice(eq + 1) });
    } else {
      const next = words[i + 1];
      const takesNext = next !== undefined && !next.startsWith('-');
      flags.push({ name: w.replace(/^-+/, ''), value: takesNext ? next : undefined });
      if (takesNext) i++;
    }
  }
  return flags;
}

export function formatFlags(flags: Flag[]): string {
  return flags
    .map((f) => (f.raw ? f.name : f.value === undefined ? `--${f.name}` : `--${f.name}=${f.value}`))
    .join(' ');
}

/** `set`: name → value (null for a bare flag); `remove`: names. Names may be given with or without `--`. */
export function editFlags(text: string, set: Record<string, string | null>, remove: readonly string[]): string {
  const strip = (n: string) => n.replace(/^-+/, '');
  const gone = new Set(remove.map(strip));
  const wanted = new Map(Object.entries(set).map(([k, v]) => [strip(k), v]));
  const out: Flag[] = [];
  for (const f of parseFlags(text)) {
    if (!f.raw && gone.has(f.name)) continue;
    if (!f.raw && wanted.has(f.name)) {
      if (out.some((o) => o.name === f.name)) continue; // a repeated flag collapses to one
      const v = wanted.get(f.name);
      out.push({ name: f.name, value: v === null ? undefined : v });
      continue;
    }
    out.push(f);
  }
  for (const [name, v] of wanted)
    if (!out.some((o) => o.name === name)) out.push({ name, value: v === null ? undefined : v });
  return formatFlags(out);
}
