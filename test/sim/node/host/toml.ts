// SIMULATION, test support only: reads what `containerd config dump` prints, which
// go-toml writes in one normal form: `[a."b.c".d]` headers, one `key = value` a line,
// strings and string arrays as JSON would write them. Not a TOML parser.

export type Tables = Map<string, Record<string, unknown>>;

export function readDump(text: string): Tables {
  const tables: Tables = new Map([['', {}]]);
  let current = tables.get('')!;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = {};
      tables.set(header[1]!, current);
      continue;
    }
    const kv = /^("[^"]*"|[A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (kv) current[kv[1]!.replace(/^"|"$/g, '')] = value(kv[2]!);
  }
  return tables;
}

function value(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A table's string value, or `fallback`. */
export function str(tables: Tables, table: string, key: string, fallback = ''): string {
  const v = tables.get(table)?.[key];
  return typeof v === 'string' ? v : fallback;
}

export function bool(tables: Tables, table: string, key: string): boolean {
  return tables.get(table)?.[key] === true;
}

export function strings(tables: Tables, table: string, key: string): string[] {
  const v = tables.get(table)?.[key];
  return Array.isArray(v) ? v.map(String) : [];
}
