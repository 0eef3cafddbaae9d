// A TOML document's text → its table, or why it is not TOML with the line and
// column (1-based) of the problem. Shared by toml (the file it edits) and
// template (what it renders into a .toml destination).
import TOML from './lazy-toml.js';
import type { TomlTable } from './toml-edit.js';

export function parseTomlText(text: string): { table: TomlTable } | { error: string; line: number; col: number } {
  try {
    return { table: TOML.parse(text) as TomlTable };
  } catch (err) {
    const e = err as { line?: number; col?: number; message?: string };
    if (e.line === undefined) throw err;
    const why = String(e.message)
      .split('\n')[0]!
      .replace(/ at row \d+, col \d+, pos \d+:$/, '');
    return { error: why, line: e.line + 1, col: (e.col ?? 0) + 1 };
  }
}
