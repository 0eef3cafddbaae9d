// Playbook values and template files: text with {{ expression }} in it, the
// expressions those of conditions, and the Jinja statements: {% for %} (with
// `if`, `else`, pairs `k, v`), {% if %}/{% elif %}/{% else %}, {% set %} (also
// as a block up to {% endset %}), {% raw %} and {# comments #}
// (template-pieces.ts reads them). A value that is exactly one {{ }} keeps the
// expression's type (a list stays a list); any other text renders to a string,
// which, as Ansible does, becomes a list, a mapping or a boolean when it reads
// as a Python literal of one (python-literal.ts). Parsed once per text.
import type { SourcePos } from '../../errors.js';
import type { Node } from './ast.js';
import { Budget, LIMITS } from './budget.js';
import { evaluateNode } from './evaluate.js';
import { Fault } from './fault.js';
import { guarded } from './placed.js';
import { asAnsibleConverts } from './python-literal.js';
import { JINJA_DELIMITERS, type Delimiters } from './delimiters.js';
import { pieces, unclosed, type Piece, type Tag } from './template-pieces.js';
import { keysOf, truthy, typeName } from './values.js';
import { textOf } from './python-text.js';

interface ForPart {
  stmt: 'for';
  at: number;
  names: string[];
  items: Node;
  filter?: Node;
  body: Part[];
  otherwise: Part[];
}
interface IfPart {
  stmt: 'if';
  at: number;
  branches: { cond: Node; body: Part[] }[];
  otherwise: Part[];
}
interface SetPart {
  stmt: 'set';
  at: number;
  names: string[];
  value?: Node;
  body: Part[];
}
interface IncludePart {
  stmt: 'include';
  at: number;
  name: Node;
  ignoreMissing: boolean;
}
type Part = string | Node | ForPart | IfPart | SetPart | IncludePart;

/**
 * Finds the template an {% include %} names, as Jinja's loader on Ansible's search path
 * (jinja-file.ts gives it): its text and where it is, or undefined where there is none.
 */
export type Includer = (name: string) => { text: string; origin: SourcePos } | undefined;

/** The variables statements see; {% set %} replaces them for what follows in the same body. */
interface Frame {
  vars: object;
  /** Template files only: playbook values have no {% include %}. */
  include?: Includer;
  /** How many {% include %} deep this is. */
  depth?: number;
  /** Other delimiters than {{ }} and {# #} (lookup('template')'s options): included templates use them too. */
  delims?: Delimiters;
}

const cache = new Map<string, readonly Part[]>();

function partsOf(text: string, origin: SourcePos, d: Delimiters = JINJA_DELIMITERS): readonly Part[] {
  const key = d === JINJA_DELIMITERS ? text : `${[...d.variable, ...d.comment].join('\0')}\0${text}`;
  let parts = cache.get(key);
  if (parts === undefined) {
    parts = build(pieces(text, origin, d));
    cache.set(key, parts);
  }
  return parts;
}

/**
 * The value of `text` with `vars`: the expression's own value for a lone {{ }},
 * else a string. `convert` (a playbook value, as Ansible's templating of one)
 * makes text that reads as a Python list, mapping or True/False that value.
 */
export function renderTemplate(text: string, vars: object, origin: SourcePos, convert = true): unknown {
  if (!text.includes('{{') && !text.includes('{%') && !text.includes('{#')) return text;
  return guarded(text, origin, () => {
    const parts = partsOf(text, origin);
    const [only] = parts;
    const budget = new Budget();
    if (parts.length === 1 && only !== undefined && isNode(only)) {
      const v = evaluateNode(only, vars, text, budget);
      // As Ansible's templar: only `{{ name }}` of a defined variable gives its null; any other none writes as nothing.
      if (v === null && !isBareVariable(text, vars)) return '';
      return convert ? asAnsibleConverts(v, [only]) : v;
    }
    const out = write(jinjaSource(text, parts, origin), { vars }, text, budget);
    // Ansible reads the text Jinja gave before it puts back the newlines: `"{{ flag }}\n"` is the boolean.
    const value = convert ? asAnsibleConverts(out, parts.filter(isNode)) : out;
    return typeof value === 'string' ? keptNewlines(text, value) : value;
  });
}

// Jinja (keep_trailing_newline false) lexes the text without its last newline, so
// `{% endfor %}\n` ends the result with no newline (and `{{ x }}\n` with x's own);
// Ansible's templar (preserve_trailing_newlines) then gives back the newlines the
// text ended with that the result lacks.
function jinjaSource(text: string, parts: readonly Part[], origin: SourcePos): readonly Part[] {
  return text.endsWith('\n') ? partsOf(text.slice(0, -1), origin) : parts;
}

/** `out` with the newlines `text` ends with and `out` lacks (Ansible's preserve_trailing_newlines). */
export function keptNewlines(text: string, out: string): string {
  const missing = trailingNewlines(text) - trailingNewlines(out);
  return missing > 0 ? out + '\n'.repeat(missing) : out;
}

function trailingNewlines(s: string): number {
  let n = 0;
  while (n < s.length && s.charAt(s.length - 1 - n) === '\n') n++;
  return n;
}

// Ansible's Templar.SINGLE_VAR: `{{ name }}` alone returns the variable's value untouched.
const SINGLE_VAR = /^\{\{\s*(\w+)\s*\}\}$/;
const isBareVariable = (text: string, vars: object): boolean => {
  const name = SINGLE_VAR.exec(text)?.[1];
  return name !== undefined && name in vars;
};

/** A template file's text: always a string, never converted. */
export function renderTemplateText(
  text: string,
  vars: object,
  origin: SourcePos,
  include?: Includer,
  delims: Delimiters = JINJA_DELIMITERS,
): string {
  return guarded(text, origin, () =>
    write(partsOf(text, origin, delims), { vars, include, delims }, text, new Budget()),
  );
}

const isNode = (p: Part): p is Node => typeof p !== 'string' && !('stmt' in p);

function write(parts: readonly Part[], frame: Frame, text: string, budget: Budget): string {
  let out = '';
  for (const p of parts) {
    const at = typeof p === 'string' ? 0 : isNode(p) ? p.start : p.at;
    budget.step(at);
    if (typeof p === 'string') out += p;
    else if (isNode(p)) out += textOf(evaluateNode(p, frame.vars, text, budget));
    else if (p.stmt === 'if') {
      const branch = p.branches.find((b) => truthy(evaluateNode(b.cond, frame.vars, text, budget)));
      // An if is no scope of its own: a {% set %} inside it holds after it, as in Jinja.
      out += write(branch ? branch.body : p.otherwise, frame, text, budget);
    } else if (p.stmt === 'set') {
      const value = p.value
        ? evaluateNode(p.value, frame.vars, text, budget)
        : write(p.body, { ...frame }, text, budget);
      frame.vars = withNames(Object.getOwnPropertyDescriptors(frame.vars), bind(p.names, value, p.at));
    } else if (p.stmt === 'include') out += included(p, frame, text, budget);
    else out += loop(p, frame, text, budget);
    budget.sized(out, at);
  }
  return out;
}

// Each pass is a scope of its own: a {% set %} in the body does not outlive it (Jinja's rule).
function loop(p: ForPart, frame: Frame, text: string, budget: Budget): string {
  const items = evaluateNode(p.items, frame.vars, text, budget);
  const all = Array.isArray(items)
    ? items
    : items !== null && typeof items === 'object'
      ? keysOf(items)
      : typeof items === 'string'
        ? [...items]
        : undefined;
  if (!all) throw new Fault(`{% for %} needs a list or a mapping, got ${typeName(items)}`, { at: p.items.start });
  const outer = Object.getOwnPropertyDescriptors(frame.vars);
  const filter = p.filter;
  const list = filter
    ? all.filter((item) => truthy(evaluateNode(filter, withNames(outer, bind(p.names, item, p.at)), text, budget)))
    : all;
  if (list.length === 0) return write(p.otherwise, frame, text, budget);
  let out = '';
  list.forEach((item, i) => {
    budget.step(p.at);
    const n = list.length;
    const loop = {
      index: i + 1,
      index0: i,
      revindex: n - i,
      revindex0: n - i - 1,
      first: i === 0,
      last: i === n - 1,
      length: n,
      previtem: list[i - 1],
      nextitem: list[i + 1],
    };
    out = budget.sized(
      out + write(p.body, { ...frame, vars: withNames(outer, { ...bind(p.names, item, p.at), loop }) }, text, budget),
      p.at,
    );
  });
  return out;
}

// As Jinja's include (with context): the first of the names found, rendered with the variables
// here; its own {% set %} stays inside it. Jinja's loader drops one trailing newline of it too.
function included(p: IncludePart, frame: Frame, text: string, budget: Budget): string {
  const { include } = frame;
  if (!include) {
    throw new Fault('{% include %} is read in template files only', {
      at: p.at,
      hint: "render the file with lookup('template', NAME), or put the text in a variable",
    });
  }
  const value = evaluateNode(p.name, frame.vars, text, budget);
  const names = Array.isArray(value) ? value : [value];
  let found: ReturnType<Includer>;
  for (const n of names) {
    if (typeof n !== 'string') throw new Fault(`{% include %} takes a file name, got ${typeName(n)}`, { at: p.at });
    found = include(n);
    if (found) break;
  }
  if (!found) {
    if (p.ignoreMissing) return '';
    throw new Fault(`{% include %}: the template ${names.join(', ')} was not found`, {
      at: p.at,
      hint: "a name is looked for beside the template, then in the role's templates/ and directory, then the playbook's",
    });
  }
  const depth = (frame.depth ?? 0) + 1;
  if (depth > LIMITS.nesting) {
    throw new Fault(`{% include %} is nested more than ${LIMITS.nesting} deep (the nesting budget)`, { at: p.at });
  }
  const { origin } = found;
  const source = found.text.endsWith('\n') ? found.text.slice(0, -1) : found.text;
  return guarded(source, origin, () =>
    write(partsOf(source, origin, frame.delims), { ...frame, depth }, source, budget),
  );
}

/** `names` bound to `value`: one name takes it whole, several unpack a list of as many items. */
function bind(names: readonly string[], value: unknown, at: number): Record<string, unknown> {
  if (names.length === 1) return { [names[0] as string]: value };
  if (!Array.isArray(value) || value.length !== names.length) {
    throw new Fault(`cannot unpack ${typeName(value)} into ${names.length} names (${names.join(', ')})`, {
      at,
      hint: "pairs come from a mapping's .items() or a list of lists",
    });
  }
  return Object.fromEntries(names.map((n, i) => [n, value[i]]));
}

/** Variables of `outer` (their descriptors) plus names, keeping its lazily rendered variables lazy. */
function withNames(outer: PropertyDescriptorMap, names: Record<string, unknown>): object {
  const out = Object.defineProperties({}, outer);
  for (const [k, v] of Object.entries(names))
    Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true });
  return out;
}

/** The pieces in order, nested into for, if and block-set statements. */
function build(list: Piece[]): Part[] {
  let i = 0;
  let depth = 0;
  const block = (ends: string[], opened?: Tag): { parts: Part[]; end?: Tag } => {
    if (opened && ++depth > LIMITS.nesting) {
      throw new Fault(
        `the {% if %} and {% for %} statements are nested more than ${LIMITS.nesting} deep (the nesting budget)`,
        {
          at: opened.at,
          hint: 'put the inner part in a variable of its own (task vars:), or compute it in a command on the host',
        },
      );
    }
    const parts: Part[] = [];
    while (i < list.length) {
      const p = list[i++] as Piece;
      if ('text' in p) parts.push(p.text);
      else if ('expr' in p) parts.push(p.expr);
      else if (ends.includes(p.tag)) return { parts, end: p };
      else if (p.tag === 'for') parts.push(forPart(p));
      else if (p.tag === 'if') parts.push(ifPart(p));
      else if (p.tag === 'set') parts.push(setPart(p));
      else if (p.tag === 'include')
        parts.push({ stmt: 'include', at: p.at, name: p.rest as Node, ignoreMissing: p.ignoreMissing ?? false });
      else throw new Fault(`{% ${p.tag} %} without its opening statement`, { at: p.at });
    }
    return { parts };
  };
  // The body of `opened` up to one of `ends`; an error if the text ends first.
  const body = (opened: Tag, ends: string[]) => {
    const b = block(ends, opened);
    depth--;
    if (!b.end) throw unclosed(opened.tag, opened.at);
    return b as { parts: Part[]; end: Tag };
  };
  const forPart = (p: Tag): ForPart => {
    const b = body(p, ['else', 'endfor']);
    const otherwise = b.end.tag === 'else' ? body(p, ['endfor']).parts : [];
    return {
      stmt: 'for',
      at: p.at,
      names: p.names as string[],
      items: p.rest as Node,
      filter: p.filter,
      body: b.parts,
      otherwise,
    };
  };
  const ifPart = (p: Tag): IfPart => {
    const branches: IfPart['branches'] = [];
    let cond = p.rest as Node;
    let otherwise: Part[] = [];
    for (;;) {
      const b = body(p, ['elif', 'else', 'endif']);
      branches.push({ cond, body: b.parts });
      if (b.end.tag === 'elif') {
        cond = b.end.rest as Node;
        continue;
      }
      if (b.end.tag === 'else') otherwise = body(p, ['endif']).parts;
      return { stmt: 'if', at: p.at, branches, otherwise };
    }
  };
  const setPart = (p: Tag): SetPart => {
    const names = p.names as string[];
    if (p.rest) return { stmt: 'set', at: p.at, names, value: p.rest, body: [] };
    return { stmt: 'set', at: p.at, names, body: body(p, ['endset']).parts };
  };
  return block([]).parts;
}
