// Keeps docs/ansible-compatibility.md honest: every "supported" row names a
// corpus playbook that exists and that the corpus test runs.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

function rows(): { idiom: string; status: string; ref: string }[] {
  const doc = readFileSync(join(root, 'docs', 'ansible-compatibility.md'), 'utf8');
  return doc
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Idiom') && !l.startsWith('| ---'))
    .map((l) => {
      const cells = l.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim());
      return { idiom: cells[0] ?? '', status: cells[1] ?? '', ref: cells[2] ?? '' };
    });
}

describe('docs/ansible-compatibility.md', () => {
  it('has only supported, differs and not supported rows, each with a corpus name or a reason', () => {
    const all = rows();
    expect(all.length).to.be.greaterThan(10);
    for (const r of all) {
      expect(['supported', 'differs', 'not supported'], r.idiom).to.include(r.status);
      expect(r.ref, r.idiom).to.not.equal('');
    }
  });

  it('names, for every supported row, a corpus playbook that exists and that the corpus test runs', () => {
    // Every corpus test file: test/ansible-corpus.test.ts and test/ansible-corpus-<area>.test.ts.
    const corpusFiles = readdirSync(join(root, 'test')).filter((f) => /^ansible-corpus(-[\w-]+)?\.test\.ts$/.test(f));
    const corpusTest = corpusFiles.map((f) => readFileSync(join(root, 'test', f), 'utf8')).join('\n');
    const supported = rows().filter((r) => r.status === 'supported');
    expect(supported.length).to.be.greaterThan(0);
    for (const r of supported) {
      const name = /^`([\w-]+)`$/.exec(r.ref)?.[1];
      expect(name, `row "${r.idiom}" names no corpus playbook`).to.be.a('string');
      expect(
        existsSync(join(root, 'test', 'ansible-corpus', name!, 'playbook.yaml')),
        `${name}/playbook.yaml`,
      ).to.equal(true);
      expect(corpusTest, `the corpus test runs ${name}`).to.match(
        new RegExp(`Corpus\\('${name}'|corpusFile\\('${name}'\\)|bothEngines\\(\\s*'${name}'`),
      );
    }
  });
});
