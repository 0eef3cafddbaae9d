// One error type for everything a user can get wrong. The CLI prints it with
// formatError and exits 1; anything else reaching the top is a bug in runbook.

export interface SourcePos {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
}

/** Where a value's text starts; in a block scalar (`content: |`) its later lines start `indent` columns in. */
export interface TextOrigin extends SourcePos {
  indent?: number;
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

  constructor(
    code: ErrorCode,
    message: string,
    opts: { source?: SourcePos; hint?: string; excerpt?: string; excerptCol?: number } = {},
  ) {
    super(message);
    this.name = 'RunbookError';
    this.code = code;
    this.source = opts.source;
    this.hint = opts.hint;
    this.excerpt = opts.excerpt;
    this.excerptCol = opts.excerptCol;
  }
}

/**
 * Several errors found in one piece of input (two typos in one task): thrown as
 * the first of them, so a caller that shows one shows that; `runbook validate`
 * reports each (errorsOf).
 */
export class RunbookErrors extends RunbookError {
  readonly all: readonly RunbookError[];

  constructor(all: readonly RunbookError[]) {
    const first = all[0] as RunbookError;
    super(first.code, first.message, first);
    this.all = all;
  }
}

/** The errors an error stands for: itself, or each of a RunbookErrors. */
export const errorsOf = (err: RunbookError): readonly RunbookError[] =>
  err instanceof RunbookErrors ? err.all : [err];

/** Errors of one file in the order they are written (line, then column). */
export function inSourceOrder(errors: readonly RunbookError[]): RunbookError[] {
  const key = (e: RunbookError): number => (e.source?.line ?? 0) * 1e6 + (e.source?.col ?? 0);
  return [...errors].sort((a, b) => key(a) - key(b));
}

/** Throws nothing for none, the one error for one, a RunbookErrors for more. */
export function throwAll(errors: readonly RunbookError[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new RunbookErrors(errors);
}

export function formatSource(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.col}`;
}

/** Human form: `file:line:col: message`, the line with a caret under the column, then the hint. */
export function formatError(err: RunbookError): string {
  const lines: string[] = [];
  lines.push(
    printable(err.source ? `${formatSource(err.source)}: error: ${err.message}` : `error: ${err.message}`, MAX_MESSAGE),
  );
  if (err.excerpt !== undefined && err.source) {
    const gutter = `${err.source.line} | `;
    const shown = excerptWindow(err.excerpt, err.excerptCol ?? err.source.col);
    lines.push(`  ${gutter}${shown.text}`);
    lines.push(`  ${' '.repeat(gutter.length + shown.caret - 1)}^`);
  }
  if (err.hint) lines.push(`  hint: ${printable(err.hint, MAX_MESSAGE)}`);
  return lines.join('\n');
}

// An error is read on a terminal: a minified or binary line, or a message
// quoting one, must not fill the screen or send it control sequences.
const MAX_MESSAGE = 600;
const EXCERPT_WIDTH = 100;

// Control characters (ESC starts terminal sequences) and bidirectional controls
// (which reorder what follows them on screen) shown as "?", one column each, so the caret stays put.
function printable(text: string, max = Infinity): string {
  const clean = text.replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) =>
    c === '\t' ? ' ' : '?',
  );
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

// At most EXCERPT_WIDTH characters of the line, around the caret's column (1-based).
function excerptWindow(line: string, col: number): { text: string; caret: number } {
  const text = printable(line.replace(/\n[\s\S]*$/, ''));
  const caret = Math.min(Math.max(1, col), text.length + 1);
  if (text.length <= EXCERPT_WIDTH) return { text, caret };
  const start = Math.max(0, Math.min(caret - 1 - EXCERPT_WIDTH / 2, text.length - EXCERPT_WIDTH));
  const end = start + EXCERPT_WIDTH;
  const head = start > 0 ? '…' : '';
  return {
    text: `${head}${text.slice(start, end)}${end < text.length ? '…' : ''}`,
    caret: caret - start + head.length,
  };
}
