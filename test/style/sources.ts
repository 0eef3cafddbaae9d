// The TypeScript sources whose shape test/style checks, and the two measures biome has no rule for.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const repo = join(import.meta.dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? tsFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** Every .ts file of src, test and bench, as [path from the repository root, text]. */
export function sources(): [string, string][] {
  return ['src', 'test', 'bench']
    .flatMap((d) => tsFiles(join(repo, d)))
    .map((f) => [relative(repo, f), readFileSync(f, 'utf8')]);
}

/** `file:line (length)` of each line longer than `max` characters (code points, as an editor counts them). */
export function longLines(file: string, text: string, max: number): string[] {
  return text.split('\n').flatMap((line, i) => {
    const length = [...line].length;
    return length > max ? [`${file}:${i + 1} (${length})`] : [];
  });
}

/** Lines in a text; a final newline ends the last line rather than starting another. */
export function lineCount(text: string): number {
  return text === '' ? 0 : text.replace(/\n$/, '').split('\n').length;
}
