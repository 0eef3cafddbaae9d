// One error type for everything a user can get wrong. The CLI prints it with
// formatError and exits 1; anything else reaching the top is a bug in runbook.

export interface SourcePos {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
}

export type ErrorCode =
  | 'usage'
  | 'yaml'
  | 'schema'
  | 'inventory'
  | 'playbook'
  | 'template'
  | 'module'
  | 'transport'
  | 'hostkey';

export class RunbookError extends Error {
  readonly code: ErrorCode;
  readonly source?: SourcePos;
  readonly hint?: string;
  /** The offending source line, shown under the message. */
  readonly excerpt?: string;
  /** 1-based column of the caret within `excerpt` when it is not the whole file line (an expression, a template). */
  readonly excerptCol?: number;

  constructor(code: ErrorCode, message: string, opts: { source?: SourcePos; hint?: string; excerpt?: string; excerptCol?: number } = {}) {
    super(message);
    this.name = 'RunbookError';
    this.code = code;
    this.source = opts.source;
    this.hint = opts.hint;
    this.excerpt = opts.excerpt;
    this.excerptCol = opts.excerptCol;
  }
}

export function formatSource(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.col}`;
}

/** Human form: `file:line:col: message`, the line with a caret under the column, then the hint. */
export function formatError(err: RunbookError): string {
  const lines: string[] = [];
  lines.push(err.source ? `${formatSource(err.source)}: error: ${err.message}` : `error: ${err.message}`);
  if (err.excerpt !== undefined && err.source) {
    const gutter = `${err.source.line} | `;
    lines.push(`  ${gutter}${err.excerpt}`);
    const col = err.excerptCol ?? err.source.col;
    lines.push(`  ${' '.repeat(gutter.length + Math.max(0, col - 1))}^`);
  }
  if (err.hint) lines.push(`  hint: ${err.hint}`);
  return lines.join('\n');
}
