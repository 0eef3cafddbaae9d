// Inputs too big or too odd to keep in cases.yaml, made on the fly and the
// same every time: alias bombs, deep nesting, huge files, random bytes.

export interface GenerateSpec {
  generate: 'bomb' | 'deep-flow' | 'deep-block' | 'huge' | 'random' | 'nest';
  /** Text before and after the generated part. */
  prefix?: string;
  suffix?: string;
  /** Indentation of each generated line (bomb, deep-block). */
  indent?: number;
  /** Nesting levels (deep-*, nest), megabytes (huge), bytes (random). */
  size?: number;
  /** nest: `open` `size` times, then `close` `size` times (e.g. 5,000 {% if %} and their {% endif %}). */
  open?: string;
  close?: string;
  seed?: number;
}

export function generate(spec: GenerateSpec): Buffer {
  const body = GENERATORS[spec.generate](spec);
  return Buffer.concat([Buffer.from(spec.prefix ?? ''), body, Buffer.from(spec.suffix ?? '')]);
}

const GENERATORS: Record<GenerateSpec['generate'], (s: GenerateSpec) => Buffer> = {
  // "Billion laughs": a0 is 10 strings, each further anchor 10 aliases of the one before (10^10 in all).
  bomb: (s) => {
    const pad = ' '.repeat(s.indent ?? 0);
    const lines = [`${pad}a0: &a0 [${Array(10).fill('"lol"').join(',')}]`];
    for (let i = 1; i < 10; i++)
      lines.push(
        `${pad}a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
      );
    return Buffer.from(lines.join('\n') + '\n');
  },
  nest: (s) => Buffer.from((s.open ?? '').repeat(s.size ?? 0) + (s.close ?? '').repeat(s.size ?? 0)),
  'deep-flow': (s) => Buffer.from('['.repeat(s.size ?? 0) + ']'.repeat(s.size ?? 0)),
  'deep-block': (s) => {
    const pad = ' '.repeat(s.indent ?? 0);
    let out = '';
    for (let i = 0; i < (s.size ?? 0); i++) out += `${pad}${'  '.repeat(i)}-\n`;
    return Buffer.from(out);
  },
  // Valid YAML all the way: a mapping of many short keys.
  huge: (s) => {
    const line = (i: number) => `    k${String(i).padStart(9, '0')}: "${'x'.repeat(48)}"\n`;
    const lines = Math.ceil(((s.size ?? 1) * 1024 * 1024) / line(0).length);
    const chunk: string[] = [];
    for (let i = 0; i < lines; i++) chunk.push(line(i));
    return Buffer.from(chunk.join(''));
  },
  random: (s) => {
    // xorshift32: the same bytes for the same seed on every machine.
    let x = s.seed ?? 1;
    const out = Buffer.alloc(s.size ?? 1024);
    for (let i = 0; i < out.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  },
};
