// The part of the grammar that binds tighter than unary minus: filters
// (x | f(args)), keys and items (a.b, a[i], a.0), and primary values (names,
// literals, lists, mappings, parentheses, lookup(...)), plus the argument lists
// of tests, filters and lookups.
import type { NamedArg, Node } from './ast.js';
import { checkArity, lookup, type Def } from './defs.js';
import { Fault, placedAt } from './fault.js';
import { FILTERS } from './filters.js';
import { GLOBAL_CALLS } from './globals.js';
import { callFault } from './habits.js';
import { LOOKUP_CALLS } from './lookups.js';
import { METHODS } from './methods.js';
import { TokenStream } from './stream.js';

const LITERALS = new Map<string, null | boolean>([
  ['true', true],
  ['True', true],
  ['false', false],
  ['False', false],
  ['null', null],
  ['none', null],
  ['None', null],
]);
const COLLECTIONS = /^(?:ansible\.builtin|ansible\.utils|ansible\.netcommon|community\.general)\.([A-Za-z_]\w*)$/;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', ...LITERALS.keys()]);

export abstract class Operands extends TokenStream {
  /** Inside a lookup's arguments, where a string may hold {{ }}: lookups render their terms (lookups.ts). */
  private lookupDepth = 0;

  /** A whole expression: the loosest level of the grammar. */
  protected abstract expression(): Node;

  protected filtered(): Node {
    let node = this.postfix();
    while (this.isOp('|')) {
      this.next();
      const { name, args, named } = this.call(FILTERS, 'filter', '|');
      const end = this.lastEnd();
      node = { kind: 'filter', name: name.text, at: name.start, subject: node, args, named, start: node.start, end };
    }
    return node;
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const t = this.peek();
        // `a.0` is Jinja's a[0]; the lexer reads digits alone after a dot, so `a.0.1` is a[0][1].
        if (t.kind === 'number') {
          this.next();
          const key: Node = { kind: 'literal', value: t.value, raw: t.text, start: t.start, end: t.end };
          node = { kind: 'member', object: node, key, start: node.start, end: t.end };
          continue;
        }
        if (t.kind !== 'name') throw this.unexpected('a key name after "."');
        this.next();
        const key: Node = { kind: 'literal', value: t.text, raw: t.text, start: t.start, end: t.end };
        node = { kind: 'member', object: node, key, start: node.start, end: t.end };
      } else if (this.isOp('[')) {
        const open = this.next();
        const key = this.isOp(':') ? undefined : this.nested(() => this.expression());
        if (this.isOp(':')) {
          node = { kind: 'slice', object: node, ...this.sliceParts(key), start: node.start, end: 0 };
          this.close(']', open);
          node.end = this.lastEnd();
          continue;
        }
        this.close(']', open);
        node = { kind: 'member', object: node, key: key!, start: node.start, end: this.lastEnd() };
      } else if (this.isOp('(')) {
        // `s.split(',')`, `d.items()`: Python's methods of strings, lists and mappings (methods.ts).
        const name =
          node.kind === 'member' && node.key.kind === 'literal' && typeof node.key.value === 'string'
            ? node.key.value
            : undefined;
        if (name === undefined || !METHODS.has(name)) throw callFault(node, this.peek().start, METHODS);
        const at = (node as { key: Node }).key.start;
        const { args, named } = this.argumentList();
        if (named[0]) throw new Fault(`"${name}()" takes its arguments in order`, { at: named[0].at });
        node = {
          kind: 'method',
          object: (node as { object: Node }).object,
          name,
          at,
          args,
          start: node.start,
          end: this.lastEnd(),
        };
      } else {
        return node;
      }
    }
  }

  /** After `x[lower` at a ":": the rest of a slice, `upper` and `:step` both optional. */
  private sliceParts(lower: Node | undefined): { lower?: Node; upper?: Node; step?: Node } {
    const part = () => (this.isOp(':') || this.isOp(']') ? undefined : this.nested(() => this.expression()));
    this.next();
    const upper = part();
    let step: Node | undefined;
    if (this.isOp(':')) {
      this.next();
      step = part();
    }
    return { lower, upper, step };
  }

  private primary(): Node {
    const t = this.peek();
    if (t.kind === 'name' && LOOKUP_CALLS.has(t.text) && this.peek(1).text === '(') {
      this.next();
      this.lookupDepth++;
      let call: { args: Node[]; named: NamedArg[]; spread?: Node };
      try {
        // A spread (`*names`) counts as the terms it gives: the arity check sees at least the kind.
        call = this.callArgs(LOOKUP_CALLS.get(t.text) as Def<unknown>, t.text, t.start, false, true);
      } finally {
        this.lookupDepth--;
      }
      const { args, named, spread } = call;
      return { kind: 'call', name: t.text, args, named, spread, start: t.start, end: this.lastEnd() };
    }
    const global = t.kind === 'name' && this.peek(1).text === '(' ? GLOBAL_CALLS.get(t.text) : undefined;
    if (global) {
      this.next();
      const { args, named } = this.callArgs(global, t.text, t.start);
      return { kind: 'call', name: t.text, args, named, start: t.start, end: this.lastEnd() };
    }
    if (t.kind === 'name' && !KEYWORDS.has(t.text)) {
      this.next();
      return { kind: 'var', name: t.text, start: t.start, end: t.end };
    }
    const literal = t.kind === 'name' ? LITERALS.get(t.text) : undefined;
    if (literal !== undefined || t.kind === 'number' || t.kind === 'string') {
      if (t.nested && this.lookupDepth === 0) throw t.nested;
      this.next();
      return {
        kind: 'literal',
        value: literal !== undefined ? literal : t.value,
        raw: t.text,
        start: t.start,
        end: t.end,
      };
    }
    if (this.isOp('(')) {
      const open = this.next();
      const inner = this.nested(() => this.expression());
      // A tuple, `('.2', '.3')` (for startswith), is a list here, as Jinja's tuples are read-only lists.
      if (this.isOp(',')) {
        this.next();
        const items = [inner, ...this.nested(() => this.items(')', () => this.expression()))];
        this.close(')', open);
        return { kind: 'list', items, start: open.start, end: this.lastEnd() };
      }
      this.close(')', open);
      return { kind: 'group', inner, start: open.start, end: this.lastEnd() };
    }
    if (this.isOp('[')) {
      const open = this.next();
      const items = this.nested(() => this.items(']', () => this.expression()));
      this.close(']', open);
      return { kind: 'list', items, start: open.start, end: this.lastEnd() };
    }
    if (this.isOp('{')) {
      const open = this.next();
      const entries = this.nested(() => this.items('}', () => this.entry()));
      this.close('}', open);
      return { kind: 'dict', entries, start: open.start, end: this.lastEnd() };
    }
    throw this.unexpected('a value');
  }

  private entry(): { key: Node; value: Node } {
    const key = this.expression();
    if (!this.isOp(':')) throw this.unexpected('":" after the key of a mapping');
    this.next();
    return { key, value: this.expression() };
  }

  /** Comma-separated items up to (not including) `close`; a trailing comma is allowed. */
  private items<T>(close: string, item: () => T): T[] {
    const out: T[] = [];
    while (!this.isOp(close)) {
      out.push(item());
      if (!this.isOp(',')) break;
      this.next();
    }
    return out;
  }

  /** `(a, b, name=c)`: values in order, then named ones; with `spreads`, one `*list` (Python's) anywhere. */
  private argumentList(spreads = false): { args: Node[]; named: NamedArg[]; spread?: Node } {
    const args: Node[] = [];
    const named: NamedArg[] = [];
    let spread: Node | undefined;
    const open = this.next();
    this.nested(() =>
      this.items(')', () => {
        const t = this.peek();
        if (spreads && spread === undefined && t.kind === 'op' && t.text === '*') {
          this.next();
          spread = this.expression();
        } else if (t.kind === 'name' && this.peek(1).text === '=') {
          this.next();
          this.next();
          named.push({ name: t.text, at: t.start, value: this.expression() });
        } else if (named.length > 0) {
          throw new Fault('an argument in order cannot follow a named one', {
            at: t.start,
            hint: 'give the named arguments last',
          });
        } else {
          args.push(this.expression());
        }
      }),
    );
    this.close(')', open);
    return { args, named, spread };
  }

  private callArgs(
    def: Def<unknown>,
    name: string,
    at: number,
    bare = false,
    spreads = false,
  ): { args: Node[]; named: NamedArg[]; spread?: Node } {
    const { args, named, spread } = this.isOp('(')
      ? this.argumentList(spreads)
      : { args: bare && this.atBareArgument() ? [this.postfix()] : [], named: [], spread: undefined };
    checkArity(def, name, args, at, named);
    placedAt(at, args, () => def.check?.(args));
    return { args, named, spread };
  }

  /** A test's or filter's name and `(args)`, checked against its definition. */
  protected call(table: ReadonlyMap<string, Def<unknown>>, what: 'test' | 'filter', after: string) {
    const first = this.peek();
    if (first.kind !== 'name') throw this.unexpected(`a ${what} name after "${after}"`);
    this.next();
    // A collection's full name (`ansible.utils.ipaddr`, `ansible.builtin.version`) names the same filter or test.
    let full = first.text;
    while (this.isOp('.') && this.peek(1).kind === 'name') {
      this.next();
      full += `.${this.next().text}`;
    }
    const short = COLLECTIONS.exec(full);
    const name = { ...first, text: short ? (short[1] as string) : full };
    const def = lookup(table, name.text, what, name.start);
    return { name, ...this.callArgs(def, name.text, name.start, what === 'test') };
  }

  // As Jinja: a test takes one argument without parentheses (`x is sameas true`, `n is divisibleby 3`)
  // when a value follows that is not `and`, `or` or `else`.
  private atBareArgument(): boolean {
    const t = this.peek();
    if (t.kind === 'name') return !['and', 'or', 'else'].includes(t.text);
    return t.kind === 'string' || t.kind === 'number' || this.isOp('[') || this.isOp('{');
  }
}
