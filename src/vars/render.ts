// Template files: Handlebars for templates/**/*.hbs, Jinja (jinja-file.ts) for
// any other name. Handlebars is strict: an undefined variable is an error naming
// the file and line, never an empty string. No HTML escaping: these are config
// files, not web pages. Playbook values are rendered by render-value.ts, in the
// expression language of conditions.
import { createRequire } from 'node:module';
import { RunbookError, type SourcePos } from '../errors.js';
import { type ArgPath, helperArgPaths, missingParent } from './helper-arg-paths.js';
import { registerHelpers } from './helpers.js';
import { checkJinjaFile, renderJinjaFile } from './jinja-file.js';

/**
 * Thrown by a scope's getter for a variable that only a run gives a value
 * (a registered result, a fact): `runbook validate` renders without a host and
 * reports such values as skipped. It passes through rendering untouched.
 */
export class NotYetKnown extends Error {
  constructor(readonly variable: string) {
    super(`"${variable}" is known only when the playbook runs`);
    this.name = 'NotYetKnown';
  }
}

// Handlebars is loaded when the first template is compiled: a run whose arguments
// hold no {{ }} (and `runbook --version`) never pays for it.
type Hb = ReturnType<typeof import('handlebars').create>;
let instance: Hb | undefined;
function handlebars(): Hb {
  if (!instance) {
    instance = (createRequire(import.meta.url)('handlebars') as typeof import('handlebars')).create();
    registerHelpers(instance);
  }
  return instance;
}

/** A template file in Handlebars: its name ends in .hbs (the rest are Jinja, as Ansible's). */
const isHandlebars = (file: string) => file.endsWith('.hbs');

const cache = new Map<string, { fn: HandlebarsTemplateDelegate; argPaths: ArgPath[] }>();

function compile(text: string): { fn: HandlebarsTemplateDelegate; argPaths: ArgPath[] } {
  let compiled = cache.get(text);
  if (!compiled) {
    const fn = handlebars().compile(text, { strict: true, noEscape: true });
    // A syntax error is thrown by the template's first call, as before: parse only what parses.
    let argPaths: ArgPath[] = [];
    try {
      argPaths = helperArgPaths(handlebars().parse(text));
    } catch {
      // Not a template Handlebars can read: its first call throws the syntax error, with its line.
    }
    compiled = { fn, argPaths };
    cache.set(text, compiled);
  }
  return compiled;
}

/**
 * Renders `text` with `vars`. `origin` says where the text came from; for a template
 * file it is line 1 of that file, for a task argument the argument's position.
 */
export function render(text: string, vars: object, origin: SourcePos): string {
  if (!isHandlebars(origin.file)) return renderJinjaFile(text, vars, origin);
  if (!text.includes('{{')) return text;
  try {
    const { fn, argPaths } = compile(text);
    const missing = missingParent(argPaths, vars);
    if (missing) throw missingParentError(missing, text, origin);
    return fn(vars);
  } catch (err) {
    if (err instanceof NotYetKnown || err instanceof RunbookError) throw err;
    throw templateError(err, text, origin);
  }
}

/** Throws the template error a syntax mistake in `text` would give when rendered. */
export function checkTemplateSyntax(text: string, origin: SourcePos): void {
  if (!isHandlebars(origin.file)) {
    checkJinjaFile(text, origin);
    return;
  }
  try {
    handlebars().parse(text);
  } catch (err) {
    throw templateError(err, text, origin);
  }
}

const UNDEFINED_HINT = 'define it in the inventory, group_vars/host_vars, play vars or task vars';

/** Where in the file a position of the template's text is (1-based line, 1-based column), and that line. */
function placed(text: string, origin: SourcePos, relLine: number, relCol: number) {
  const line = origin.line + relLine - 1;
  const col = relLine === 1 ? origin.col + relCol - 1 : relCol;
  // For a template file the excerpt is the file's own line; for an argument, the argument's text.
  const excerptCol = origin.line === 1 && origin.col === 1 ? undefined : relCol;
  return { source: { file: origin.file, line, col }, excerpt: text.split('\n')[relLine - 1], excerptCol };
}

function missingParentError(missing: { path: ArgPath; reading: string }, text: string, origin: SourcePos) {
  return new RunbookError('template', `undefined variable "…${missing.reading}" (its parent is not defined)`, {
    ...placed(text, origin, missing.path.line, missing.path.column + 1),
    hint: UNDEFINED_HINT,
  });
}

function templateError(err: unknown, text: string, origin: SourcePos): RunbookError {
  const e = err as { message?: string; lineNumber?: number; column?: number };
  const message = String(e.message ?? err);
  const undefinedVar = /^"(.+?)" not defined in/.exec(message);
  const parseLine = /^Parse error on line (\d+)/.exec(message);
  const relLine = e.lineNumber ?? (parseLine ? Number(parseLine[1]) : 1);
  const relCol = e.column !== undefined ? e.column + 1 : 1;
  const { source, excerpt, excerptCol } = placed(text, origin, relLine, relCol);
  if (undefinedVar) {
    return new RunbookError('template', `undefined variable "${undefinedVar[1]}"`, {
      source,
      excerpt,
      excerptCol,
      hint: UNDEFINED_HINT,
    });
  }
  const detail = parseLine ? message.split('\n').slice(-1)[0] : message;
  return new RunbookError('template', `template syntax error: ${detail}`, {
    source,
    excerpt,
    excerptCol,
    hint: 'check that every {{ has a matching }} and every {{#block}} its {{/block}}',
  });
}
