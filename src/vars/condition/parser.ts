// Recursive descent, one method per precedence level, loosest first:
//   a if c else b → or → and → not → comparison (== != < <= > >= in, not in, is [not] test) →
//   + - → ~ → * / % → unary - → [operands.ts] filters (x | f) → postfix (a.b a[i]) → primary
import type { CompareOp, MathOp, Node } from './ast.js';
import { Fault } from './fault.js';
import { tokenize, type Mode } from './lexer.js';
import { Operands } from './operands.js';
import type { Locate } from './stream.js';
import { TESTS } from './tests.js';

const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** The expression in text[from, to) (a condition: the whole text); offsets are the whole text's. */
export function parse(text: string, locate: Locate, mode: Mode = 'condition', from = 0, to = text.length): Node {
  if (text.slice(from, to).trim() === '') {
    throw new Fault(mode === 'condition' ? 'the condition is empty' : 'the {{ }} is empty', { at: from });
  }
  return new Parser(tokenize(text, mode, from, to), locate).condition();
}

class Parser extends Operands {
  condition(): Node {
    const node = this.expression();
    if (this.peek().kind !== 'end') throw this.unexpected('an operator or the end of the condition');
    return node;
  }

  protected expression(): Node {
    return this.choice();
  }

  // Jinja's inline if: `a if c else b`; without `else`, undefined when c is false.
  private choice(): Node {
    const then = this.or();
    if (!this.isWord('if')) return then;
    this.next();
    const cond = this.or();
    if (!this.isWord('else')) return { kind: 'choice', then, cond, start: then.start, end: cond.end };
    this.next();
    const otherwise = this.nested(() => this.choice());
    return { kind: 'choice', then, cond, otherwise, start: then.start, end: otherwise.end };
  }

  private or(): Node {
    return this.logic('or', () => this.and());
  }

  private and(): Node {
    return this.logic('and', () => this.not());
  }

  private logic(op: 'and' | 'or', operand: () => Node): Node {
    let left = operand();
    while (this.isWord(op)) {
      this.next();
      const right = operand();
      left = { kind: 'logic', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private not(): Node {
    if (!this.isWord('not')) return this.comparison();
    const t = this.next();
    const operand = this.nested(() => this.not());
    return { kind: 'not', operand, start: t.start, end: operand.end };
  }

  private atComparison(): boolean {
    const t = this.peek();
    return (t.kind === 'op' && COMPARE.has(t.text)) || this.isWord('in') || this.isWord('is') || this.isWord('not');
  }

  private comparison(): Node {
    const left = this.additive();
    if (!this.atComparison()) return left;
    const node = this.isWord('is') ? this.test(left) : this.compare(left);
    if (this.atComparison()) {
      throw new Fault('comparisons cannot be chained', {
        at: this.peek().start,
        hint: 'join them with "and", e.g. "a < b and b < c"',
      });
    }
    return node;
  }

  private compare(left: Node): Node {
    const t = this.next();
    let op = t.text as CompareOp;
    if (t.text === 'not') {
      if (!this.isWord('in')) throw this.unexpected('"in" after "not"');
      this.next();
      op = 'not in';
    }
    const right = this.additive();
    return { kind: 'compare', op, at: t.start, left, right, start: left.start, end: right.end };
  }

  private test(subject: Node): Node {
    this.next();
    const negated = this.isWord('not');
    if (negated) this.next();
    const { name, args, named } = this.call(TESTS, 'test', negated ? 'is not' : 'is');
    const end = this.lastEnd();
    return { kind: 'test', name: name.text, at: name.start, negated, subject, args, named, start: subject.start, end };
  }

  private additive(): Node {
    return this.math(['+', '-'], () => this.concat());
  }

  // As in Jinja, ~ binds tighter than + and - and looser than * / %.
  private concat(): Node {
    return this.math(['~'], () => this.multiplicative());
  }

  private multiplicative(): Node {
    return this.math(['*', '/', '%'], () => this.unary());
  }

  private math(ops: readonly MathOp[], operand: () => Node): Node {
    let left = operand();
    while (ops.some((op) => this.isOp(op))) {
      const t = this.next();
      const right = operand();
      left = { kind: 'math', op: t.text as MathOp, at: t.start, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Node {
    if (!this.isOp('-')) return this.filtered();
    const t = this.next();
    const operand = this.nested(() => this.unary());
    if (operand.kind === 'literal' && typeof operand.value === 'number') {
      return { ...operand, value: -operand.value, raw: `-${operand.raw}`, start: t.start };
    }
    return { kind: 'neg', operand, start: t.start, end: operand.end };
  }
}
