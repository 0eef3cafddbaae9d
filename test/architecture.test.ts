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

describe('the module folder (STYLE.md)', () => {
  it('src/modules/*.ts is exactly the list of modules, plus their contract and registry; helpers live in sub-folders', async () => {
    const { modules } = await import('../src/modules/registry.js');
    const files = readdirSync(join(src, 'modules'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''));
    const moduleFiles = files.filter((f) => f !== 'contract' && f !== 'registry');
    // A module file is named after its module (set_fact → set-fact.ts).
    expect(moduleFiles.sort()).to.deep.equal([...modules.keys()].map((m) => m.replace(/_/g, '-')).sort());
  });
});
