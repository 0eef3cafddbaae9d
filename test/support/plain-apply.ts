// `runbook apply --plain` on the lab, as a child that does not block this process
// (a test's HTTP server must keep answering), and its output reduced to compare
// whole with what ansible-playbook's default callback printed: one entry per
// non-empty line, the banner stars and runs of spaces squeezed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lab } from '../lab/shared.js';
import { runbookInHome } from './cli-spawn.js';

export async function applyPlain(
  yaml: string,
  host: string,
  args: string[],
): Promise<{ code: number | null; lines: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-plain-'));
  writeFileSync(join(dir, 'playbook.yaml'), yaml);
  const r = await runbookInHome(
    ['apply', join(dir, 'playbook.yaml'), '-i', lab().inventoryFile, '-l', host, '--plain', ...args],
    dir,
  );
  return { code: r.code, lines: plainLines(r.stdout) };
}

export function plainLines(out: string): string[] {
  return out
    .split('\n')
    .map((l) =>
      l
        .replace(/\s*\*+$/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((l) => l !== '');
}
