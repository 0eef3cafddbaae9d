// Dotted TOML key paths as TOML itself writes them in table headers:
// `plugins."io.containerd.grpc.v1.cri".sandbox_image` → 3 segments. Bare
// segments are [A-Za-z0-9_-]+; "basic" segments take TOML's escapes; 'literal'
// segments take none. Whitespace around the dots is allowed, as in TOML.

const BARE = /^[A-Za-z0-9_-]+/;
const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

export class TomlPathError extends Error {}

export function parseTomlPath(path: string): string[] {
  const segments: string[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new TomlPathError(`invalid key path ${JSON.stringify(path)} at column ${i + 1}: ${why}`);
  };
  const skipSpace = () => {
    while (path[i] === ' ' || path[i] === '\t') i++;
  };
  for (;;) {
    skipSpace();
    const c = path[i];
    if (c === '"') i = basic(path, i + 1, segments, fail);
    else if (c === "'") {
      const end = path.indexOf("'", i + 1);
      if (end < 0) fail('unterminated single quote');
      segments.push(path.slice(i + 1, end));
      i = end + 1;
    } else {
      const bare = BARE.exec(path.slice(i))?.[0];
      if (!bare)
        fail(
          c === undefined || c === '.'
            ? 'expected a key'
            : `unexpected ${JSON.stringify(c)} (quote keys holding other characters)`,
        );
      segments.push(bare!);
      i += bare!.length;
    }
    skipSpace();
    if (i === path.length) return segments;
    if (path[i] !== '.') fail(`expected "." between keys, got ${JSON.stringify(path[i])}`);
    i++;
  }
}

// A "basic" segment starting after its opening quote; returns the index after the closing one.
function basic(path: string, start: number, out: string[], fail: (why: string) => never): number {
  let s = '';
  let i = start;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '"') {
      out.push(s);
      return i + 1;
    }
    if (c !== '\\') {
      s += c;
      i++;
      continue;
    }
    const e = path[i + 1] ?? '';
    if (e in ESCAPES) {
      s += ESCAPES[e];
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const hex = path.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9A-Fa-f]{${len}}$`).test(hex)) fail(`bad \\${e} escape`);
      s += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + len;
    } else {
      fail(`unknown escape \\${e}`);
    }
  }
  return fail('unterminated double quote');
}

/** The path written back the way TOML would: bare where possible, else "quoted". */
export function formatTomlPath(segments: readonly string[]): string {
  return segments.map((s) => (/^[A-Za-z0-9_-]+$/.test(s) ? s : JSON.stringify(s))).join('.');
}
