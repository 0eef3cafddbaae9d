// The errors a Handlebars template file gives, built from what Handlebars reports as data (the parser's
// error hook, the exception's position, the template's own syntax tree), never from its message text.
import { RunbookError, type SourcePos } from '../errors.js';
import type { ArgPath } from './helper-arg-paths.js';

/** What Handlebars' parser (a jison parser) hands its `parseError` hook. */
interface ParserReport {
  token?: string | null;
  /** 0-based line the lexer stopped on. */
  line: number;
  /** Where the last token read starts: 1-based line, 0-based column (absent for a lexical error). */
  loc?: { first_line: number; first_column: number };
  expected?: string[];
}

/** The template cannot be read: where the parser stopped, and what it expected there. */
export class TemplateSyntax extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`template syntax error: ${detail}`);
  }
}

/**
 * Handlebars' parser throws a plain Error with the position only in its text; jison lets the parser's
 * `parseError` hook (also used by its lexer) throw instead, with the report as data.
 */
export function reportSyntaxAsData(parser: object): void {
  (parser as { parseError: (message: string, report: ParserReport) => never }).parseError = (_message, report) => {
    const got = report.token ?? undefined;
    const detail = got
      ? `Expecting ${(report.expected ?? []).join(', ')}, got '${got}'`
      : 'unrecognized text (a "{{" or "}}" out of place?)';
    // The line the lexer stopped on (the end of the file for a block never closed); the column where
    // the offending token starts, when it starts on that line.
    const line = report.line + 1;
    throw new TemplateSyntax(line, report.loc?.first_line === line ? report.loc.first_column : 0, detail);
  };
}

/**
 * The path expression each position of the template reads (`1:6` → `nope` of `b = {{nope}}`). A strict-mode
 * lookup that finds nothing throws an exception placed at its path: the last part is the name it looked for
 * (Handlebars' strict mode checks only the last part; a missing parent is found before the call).
 */
export function pathsByPosition(program: hbs.AST.Program): Map<string, hbs.AST.PathExpression> {
  const out = new Map<string, hbs.AST.PathExpression>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) for (const n of node) visit(n);
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const typed = node as { type?: string; loc?: hbs.AST.SourceLocation };
    if (typed.type === 'PathExpression' && typed.loc) {
      out.set(`${typed.loc.start.line}:${typed.loc.start.column}`, node as hbs.AST.PathExpression);
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') visit(value);
  };
  visit(program);
  return out;
}

const UNDEFINED_HINT = 'define it in the inventory, group_vars/host_vars, play vars or task vars';
const SYNTAX_HINT = 'check that every {{ has a matching }} and every {{#block}} its {{/block}}';

/** Where in the file a position of the template's text is (1-based line, 1-based column), and that line. */
function placed(text: string, origin: SourcePos, relLine: number, relCol: number) {
  const line = origin.line + relLine - 1;
  const col = relLine === 1 ? origin.col + relCol - 1 : relCol;
  // For a template file the excerpt is the file's own line; for an argument, the argument's text.
  const excerptCol = origin.line === 1 && origin.col === 1 ? undefined : relCol;
  return { source: { file: origin.file, line, col }, excerpt: text.split('\n')[relLine - 1], excerptCol };
}

export function missingParentError(missing: { path: ArgPath; reading: string }, text: string, origin: SourcePos) {
  return new RunbookError('template', `undefined variable "…${missing.reading}" (its parent is not defined)`, {
    ...placed(text, origin, missing.path.line, missing.path.column + 1),
    hint: UNDEFINED_HINT,
  });
}

/**
 * The error for what rendering `text` threw: a syntax error (the parser's report, or a Handlebars exception
 * thrown while reading the template), an undefined variable (a Handlebars exception placed at a path the
 * template reads), or anything else as Handlebars said it.
 */
export function templateError(
  err: unknown,
  text: string,
  origin: SourcePos,
  paths?: ReadonlyMap<string, hbs.AST.PathExpression>,
): RunbookError {
  if (err instanceof TemplateSyntax) {
    return new RunbookError('template', err.message, {
      ...placed(text, origin, err.line, err.column + 1),
      hint: SYNTAX_HINT,
    });
  }
  const e = err as { message?: unknown; lineNumber?: number; column?: number };
  const relLine = e.lineNumber ?? 1;
  const relCol = e.column !== undefined ? e.column + 1 : 1;
  const at = placed(text, origin, relLine, relCol);
  const path = e.lineNumber === undefined ? undefined : paths?.get(`${e.lineNumber}:${e.column}`);
  if (path) {
    return new RunbookError('template', `undefined variable "${path.parts.at(-1) ?? path.original}"`, {
      ...at,
      hint: UNDEFINED_HINT,
    });
  }
  return new RunbookError('template', `template syntax error: ${String(e.message ?? err)}`, {
    ...at,
    hint: SYNTAX_HINT,
  });
}
