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
import { missingParentError, pathsByPosition, reportSyntaxAsData, templateError } from './template-errors.js';

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
    reportSyntaxAsData((instance as unknown as { Parser: object }).Parser);
  }
  return instance;
}

/** A template file in Handlebars: its name ends in .hbs (the rest are Jinja, as Ansible's). */
const isHandlebars = (file: string) => file.endsWith('.hbs');

interface Compiled {
  fn: HandlebarsTemplateDelegate;
  argPaths: ArgPath[];
  /** The paths the template reads, by position, to name the one a strict lookup did not find. */
  paths: Map<string, hbs.AST.PathExpression>;
}
const cache = new Map<string, Compiled>();

/** Parses `text` (a syntax error is thrown here, placed by the parser) and compiles the parsed template. */
function compile(text: string, origin: SourcePos): Compiled {
  let compiled = cache.get(text);
  if (!compiled) {
    let ast: hbs.AST.Program;
    try {
      // Unprocessed: compile() applies the whitespace control itself, and twice would strip more.
      ast = handlebars().parseWithoutProcessing(text);
    } catch (err) {
      throw templateError(err, text, origin);
    }
    const fn = handlebars().compile(ast, { strict: true, noEscape: true });
    compiled = { fn, argPaths: helperArgPaths(ast), paths: pathsByPosition(ast) };
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
  const { fn, argPaths, paths } = compile(text, origin);
  const missing = missingParent(argPaths, vars);
  if (missing) throw missingParentError(missing, text, origin);
  try {
    return fn(vars);
  } catch (err) {
    if (err instanceof NotYetKnown || err instanceof RunbookError) throw err;
    throw templateError(err, text, origin, paths);
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
