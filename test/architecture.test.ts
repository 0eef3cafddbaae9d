import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const src = join(import.meta.dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

describe('layering (STYLE.md)', () => {
  it('nothing outside src/cli touches process, console or exits', () => {
    const offenders = sources(src)
      .filter((f) => !relative(src, f).startsWith('cli/'))
      .filter((f) => /\bprocess\.|\bconsole\./.test(readFileSync(f, 'utf8')))
      .map((f) => relative(src, f));
    expect(offenders).to.deep.equal([]);
  });
});
