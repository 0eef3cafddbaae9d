// The parser's view of the tokens: lookahead, closing brackets, nesting depth,
// and the "expected ..., found ..." errors (with the habits of other languages).
import { Fault } from './fault.js';
import { HABITS } from './habits.js';
import type { Token } from './lexer.js';

// Far beyond any real condition; they keep the parser's and evaluator's recursion shallow.
const MAX_DEPTH = 64;
const MAX_TOKENS = 1000;

/** Where an offset is in the file, for messages that name a column. */
export type Locate = (offset: number) => { line: number; col: number };

export class TokenStream {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly locate: Locate,
  ) {
    const over = tokens[MAX_TOKENS];
    if (over && over.kind !== 'end') {
      throw new Fault(`the condition is too long (over ${MAX_TOKENS} tokens)`, {
        at: over.start,
        hint: 'split it into a list of conditions, which must all hold',
      });
    }
  }

  protected close(close: ')' | ']' | '}', open: Token): void {
    if (this.isOp(close)) {
      this.next();
      return;
    }
    const here = this.peek();
    if (here.kind === 'op' && HABITS[here.text]) throw this.unexpected(`"${close}"`);
    const o = this.locate(open.start);
    const where = this.locate(here.start).line === o.line ? `column ${o.col}` : `line ${o.line}, column ${o.col}`;
    throw new Fault(`expected "${close}" to close "${open.text}" at ${where}`, { at: here.start });
  }

  protected nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new Fault('the condition is nested too deeply', { at: this.peek().start });
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  protected unexpected(expected: string): Fault {
    const t = this.peek();
    const habit = t.kind === 'op' ? HABITS[t.text] : undefined;
    if (habit) return new Fault(habit, { at: t.start });
    const hint =
      t.kind === 'end'
        ? 'it stops part-way: complete it (for example `x == 1`), or quote the whole value if it is plain text'
        : "the syntax is Jinja's (==, !=, and, or, not, in, is defined, | filter); docs/expressions.md lists what runbook reads";
    return new Fault(`expected ${expected}, found ${describe(t)}`, { at: t.start, hint });
  }

  protected peek(ahead = 0): Token {
    const tokens = this.tokens;
    return tokens[Math.min(this.i + ahead, tokens.length - 1)] as Token;
  }

  protected next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }

  protected lastEnd(): number {
    return this.tokens[this.i - 1]?.end ?? 0;
  }

  protected isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === op;
  }

  protected isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'name' && t.text === word;
  }
}

function describe(t: Token): string {
  if (t.kind === 'end') return 'the end of the condition';
  if (t.kind === 'string') return `the string ${t.text}`;
  return `"${t.text}"`;
}
