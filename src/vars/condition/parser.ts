// Recursive descent, one method per precedence level, loosest first:
//   or → and → not → comparison (== != < <= > >= in, not in, is [not] test) →
//   + - → * / % → unary - → [operands.ts] filters (x | f) → postfix (a.b a[i]) → primary
import type { CompareOp, MathOp, Node } from './ast.js';
import { Fault } from './fault.js';
import { tokenize } from './lexer.js';
import { Operands } from './operands.js';
import type { Locate } from './stream.js';
import { TESTS } from './tests.js';

const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);

export function parse(text: string, locate: Locate): Node {
  if (text.trim() === '') throw new Fault('the condition is empty', { at: 0 });
  return new Parser(tokenize(text), locate).condition();
}

class Parser extends Operands {
  condition(): Node {
    const node = this.expression();
    if (this.peek().kind !== 'end') throw this.unexpected('an operator or the end of the condition');
    return node;
  }

  protected expression(): Node {
    return this.or();
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
    const { name, args } = this.call(TESTS, 'test', negated ? 'is not' : 'is');
    const end = this.lastEnd();
    return { kind: 'test', name: name.text, at: name.start, negated, subject, args, start: subject.start, end };
  }

  private additive(): Node {
    return this.math(['+', '-'], () => this.multiplicative());
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
