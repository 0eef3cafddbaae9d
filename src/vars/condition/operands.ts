// The part of the grammar that binds tighter than unary minus: filters
// (x | f(args)), keys and items (a.b, a[i]), and primary values (names,
// literals, lists, parentheses), plus the argument lists of tests and filters.
import type { Node } from './ast.js';
import { checkArity, lookup, type Def } from './defs.js';
import { Fault, placeFault } from './fault.js';
import { FILTERS } from './filters.js';
import { callFault } from './habits.js';
import { TokenStream } from './stream.js';

const LITERALS = new Map<string, null | boolean>([
  ['true', true], ['True', true], ['false', false], ['False', false], ['null', null], ['none', null], ['None', null],
]);
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', ...LITERALS.keys()]);

export abstract class Operands extends TokenStream {
  /** A whole expression: the loosest level of the grammar. */
  protected abstract expression(): Node;

  protected filtered(): Node {
    let node = this.postfix();
    while (this.isOp('|')) {
      this.next();
      const { name, args } = this.call(FILTERS, 'filter', '|');
      const end = this.lastEnd();
      node = { kind: 'filter', name: name.text, at: name.start, subject: node, args, start: node.start, end };
    }
    return node;
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const t = this.peek();
        if (t.kind === 'number') {
          throw new Fault('expected a key name after "."', { at: t.start, hint: `for an item of a list write [${t.text}]` });
        }
        if (t.kind !== 'name') throw this.unexpected('a key name after "."');
        this.next();
        const key: Node = { kind: 'literal', value: t.text, raw: t.text, start: t.start, end: t.end };
        node = { kind: 'member', object: node, key, start: node.start, end: t.end };
      } else if (this.isOp('[')) {
        const open = this.next();
        const key = this.nested(() => this.expression());
        this.close(']', open);
        node = { kind: 'member', object: node, key, start: node.start, end: this.lastEnd() };
      } else if (this.isOp('(')) {
        throw callFault(node, this.peek().start);
      } else {
        return node;
      }
    }
  }

  private primary(): Node {
    const t = this.peek();
    if (t.kind === 'name' && !KEYWORDS.has(t.text)) {
      this.next();
      return { kind: 'var', name: t.text, start: t.start, end: t.end };
    }
    const literal = t.kind === 'name' ? LITERALS.get(t.text) : undefined;
    if (literal !== undefined || t.kind === 'number' || t.kind === 'string') {
      this.next();
      return { kind: 'literal', value: literal !== undefined ? literal : t.value, raw: t.text, start: t.start, end: t.end };
    }
    if (this.isOp('(')) {
      const open = this.next();
      const inner = this.nested(() => this.expression());
      this.close(')', open);
      return { kind: 'group', inner, start: open.start, end: this.lastEnd() };
    }
    if (this.isOp('[')) {
      const open = this.next();
      const items = this.nested(() => this.list(']'));
      this.close(']', open);
      return { kind: 'list', items, start: open.start, end: this.lastEnd() };
    }
    throw this.unexpected('a value');
  }

  /** Comma-separated expressions up to (not including) `close`; a trailing comma is allowed. */
  private list(close: string): Node[] {
    const items: Node[] = [];
    while (!this.isOp(close)) {
      if (this.peek().kind === 'name' && this.peek(1).text === '=' && close === ')') {
        throw new Fault('named arguments are not supported', {
          at: this.peek().start,
          hint: "give the arguments in order, e.g. default('x', true)",
        });
      }
      items.push(this.expression());
      if (!this.isOp(',')) break;
      this.next();
    }
    return items;
  }

  /** A test's or filter's name and `(args)`, checked against its definition. */
  protected call(table: ReadonlyMap<string, Def<unknown>>, what: 'test' | 'filter', after: string) {
    const name = this.peek();
    if (name.kind !== 'name') throw this.unexpected(`a ${what} name after "${after}"`);
    this.next();
    const def = lookup(table, name.text, what, name.start);
    let args: Node[] = [];
    if (this.isOp('(')) {
      const open = this.next();
      args = this.nested(() => this.list(')'));
      this.close(')', open);
    }
    checkArity(def, name.text, args, name.start);
    try {
      def.check?.(args);
    } catch (err) {
      throw err instanceof Fault ? placeFault(err, name.start, args.map((a) => a.start)) : err;
    }
    return { name, args };
  }
}
