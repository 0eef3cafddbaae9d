// Walks the syntax tree over plain data. A missing variable or key evaluates to
// an Undef; `need` turns it into the error wherever a real value is required, so
// only `is defined`, `is undefined` and `| default` can look at one.
import { guard, member } from './access.js';
import { Budget, LIMITS, overBudget } from './budget.js';
import type { CompareOp, MathOp, Node, NodeOf } from './ast.js';
import { didYouMean, type Calls, type Def } from './defs.js';
import { Fault, placeFault, placedAt } from './fault.js';
import { FILTERS } from './filters.js';
import { GLOBAL_CALLS } from './globals.js';
import { controllerOf, LOOKUP_CALLS, lookupTerms } from './lookups.js';
import { callMethod } from './methods.js';
import { TESTS } from './tests.js';
import { contains, equal, order, own, truthy, typeName, Undef } from './values.js';
import { pyStr } from './python-text.js';
import { sliceOf } from './slice.js';

/** `budget` is shared by the evaluations of one value (its {{ }} and {% %} parts). */
export function evaluateNode(root: Node, vars: object, text: string, budget = new Budget()): unknown {
  return new Evaluator(vars, text, budget).need(root);
}

class Evaluator {
  constructor(
    private readonly vars: object,
    private readonly text: string,
    private readonly budget: Budget,
  ) {}

  need(node: Node): unknown {
    const v = this.value(node);
    if (v instanceof Undef) throw new Fault(v.message, { at: v.at, hint: v.hint });
    return v;
  }

  private value(node: Node): unknown {
    this.budget.step(node.start);
    return this.budget.sized(this.compute(node), node.start);
  }

  private compute(node: Node): unknown {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'list':
        return node.items.map((item) => this.need(item));
      case 'dict': {
        const out: Record<string, unknown> = {};
        for (const { key, value } of node.entries) {
          const k = this.need(key);
          if (typeof k !== 'string' && typeof k !== 'number')
            throw new Fault(`a mapping's key must be a string or a number, got ${typeName(k)}`, { at: key.start });
          Object.defineProperty(out, String(k), {
            value: this.need(value),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      }
      case 'choice':
        if (truthy(this.need(node.cond))) return this.value(node.then);
        if (node.otherwise) return this.value(node.otherwise);
        return new Undef(
          `"${this.label(node)}" is undefined: its condition is false and it has no else`,
          node.start,
          'add an else: "a if c else b"',
        );
      case 'call':
        return LOOKUP_CALLS.has(node.name) ? this.lookup(node) : this.global(node);
      case 'group':
        return this.value(node.inner);
      case 'var':
        return this.variable(node);
      case 'member': {
        const obj = this.value(node.object);
        if (obj instanceof Undef) return obj;
        return member(obj, this.need(node.key), this.label(node.object), this.label(node), node.key.start);
      }
      case 'slice': {
        const obj = this.value(node.object);
        if (obj instanceof Undef) return obj;
        const part = (n?: Node) => (n === undefined ? undefined : this.need(n));
        try {
          return sliceOf(obj, part(node.lower), part(node.upper), part(node.step));
        } catch (err) {
          throw err instanceof Fault ? placeFault(err, node.start, []) : err;
        }
      }
      case 'method': {
        const self = this.need(node.object);
        const args = node.args.map((a) => this.need(a));
        return placedAt(node.at, node.args, () => callMethod(self, node.name, args));
      }
      case 'not':
        return !truthy(this.need(node.operand));
      case 'neg': {
        const v = this.need(node.operand);
        if (typeof v === 'number') return -v;
        throw new Fault(`"-" needs a number, got ${typeName(v)}`, { at: node.start });
      }
      case 'logic': {
        const left = this.need(node.left);
        return truthy(left) === (node.op === 'and') ? this.need(node.right) : left;
      }
      case 'compare':
        return placed(node.at, () => compare(node.op, this.need(node.left), this.need(node.right)));
      case 'math':
        return placed(node.at, () => math(node.op, this.need(node.left), this.need(node.right)));
      case 'test': {
        const def = TESTS.get(node.name) as Def<boolean>;
        const holds = this.apply(def, node) as boolean;
        return node.negated ? !holds : holds;
      }
      case 'filter': {
        const out = this.apply(FILTERS.get(node.name) as Def<unknown>, node);
        if (!(out instanceof Undef) || out.at >= 0) return out;
        const label = this.label(node);
        const hint = `give a fallback with "${label} | default(...)"`;
        return new Undef(`"${label}" is undefined: ${out.message}`, node.at, hint);
      }
    }
  }

  private variable(node: NodeOf<'var'>): unknown {
    const found = own(this.vars, node.name);
    if (found) return found.value;
    return new Undef(
      // Names only: reading every value would render (or, in validate, refuse) each templated one.
      `undefined variable "${node.name}"${didYouMean(node.name, Object.keys(this.vars))}`,
      node.start,
      `define it in the inventory, group_vars/host_vars, play vars or task vars, or ${guard(node.name)}`,
    );
  }

  private apply(def: Def<unknown>, node: NodeOf<'test'> | NodeOf<'filter'>): unknown {
    const input = def.takesUndefined ? this.value(node.subject) : this.need(node.subject);
    // As Jinja: `x | default(y.z)` reads y.z as undefined, an error only if the fallback is used.
    const args = node.args.map((a) => (def.takesUndefined ? this.value(a) : this.need(a)));
    const named = Object.fromEntries(node.named.map((n) => [n.name, this.need(n.value)]));
    try {
      return def.run(input, args, named, CALLS);
    } catch (err) {
      if (err instanceof RangeError) throw overBudget(err, node.at);
      throw err instanceof Fault
        ? placeFault(
            err,
            node.at,
            node.args.map((a) => a.start),
          )
        : err;
    }
  }

  /** now(...) and the other globals of globals.ts. */
  private global(node: NodeOf<'call'>): unknown {
    const args = node.args.map((a) => this.need(a));
    const named = Object.fromEntries(node.named.map((n) => [n.name, this.need(n.value)]));
    return placedAt(node.start, node.args, () =>
      (GLOBAL_CALLS.get(node.name) as Def<unknown>).run(undefined, args, named, CALLS),
    );
  }

  private lookup(node: NodeOf<'call'>): unknown {
    const spread = node.spread ? this.need(node.spread) : [];
    if (!Array.isArray(spread)) {
      throw new Fault(`*${this.label(node.spread as Node)} must be a list, got ${typeName(spread)}`, {
        at: (node.spread as Node).start,
      });
    }
    const [kind, ...terms] = [...node.args.map((a) => this.need(a)), ...spread];
    const { wantlist, ...named } = Object.fromEntries(node.named.map((n) => [n.name, this.need(n.value)]));
    try {
      const values = lookupTerms(controllerOf(this.vars), kind, terms, named, this.vars);
      // As Ansible's Templar._lookup: query (and wantlist=True) give the list, lookup joins it
      // (no value stays []); a failure errors= let pass is [] for a list, else none.
      if (node.name !== 'lookup' || truthy(wantlist)) return values ?? [];
      if (values === undefined) return null;
      if (values.length === 0) return [];
      // Text is joined with ","; other values (vars, dict) as Ansible's TypeError path: one alone, else the list.
      if (values.every((v) => typeof v === 'string')) return values.join(',');
      return values.length === 1 ? values[0] : values;
    } catch (err) {
      throw err instanceof Fault
        ? placeFault(
            err,
            node.start,
            node.args.map((a) => a.start),
          )
        : err;
    }
  }

  /** The source text of a node, to name it in messages. */
  private label(node: Node): string {
    return this.text.slice(node.start, node.end).trim();
  }
}

// map('upper'), select('match', 'x'): filters and tests called by name on values already known.
const CALLS: Calls = {
  filter(name, input, args) {
    const def = FILTERS.get(name);
    if (!def) throw new Fault(`unknown filter "${name}"${didYouMean(name, FILTERS.keys())}`, { arg: 0 });
    return def.run(input, args, {}, CALLS);
  },
  test(name, input, args) {
    const def = TESTS.get(name);
    if (!def) throw new Fault(`unknown test "${name}"${didYouMean(name, TESTS.keys())}`, { arg: 0 });
    return def.run(input, args, {}, CALLS);
  },
};

function placed<T>(at: number, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw err instanceof Fault ? placeFault(err, at) : err;
  }
}

function compare(op: CompareOp, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case 'in':
      return contains(b, a);
    case 'not in':
      return !contains(b, a);
    case '<':
      return order(a, b) < 0;
    case '<=':
      return order(a, b) <= 0;
    case '>':
      return order(a, b) > 0;
    case '>=':
      return order(a, b) >= 0;
  }
}

/** Python's `'v' * 3` and `[0] * 2`: a string or list repeated (none for a count below 1); else undefined. */
function repetition(seq: unknown, count: unknown): unknown {
  if (!Number.isInteger(count) || typeof count !== 'number') return undefined;
  const n = Math.max(0, count);
  const length = typeof seq === 'string' || Array.isArray(seq) ? seq.length * n : 0;
  if (length > LIMITS.size)
    throw new Fault(`"*" would make ${length.toLocaleString('en')} items, over the size budget`);
  if (typeof seq === 'string') return seq.repeat(n);
  if (Array.isArray(seq)) return Array.from({ length: n }, () => seq).flat(1);
  return undefined;
}

function math(op: MathOp, a: unknown, b: unknown): unknown {
  // ~ is Python's str() of each side (none too: 'a-' ~ none is "a-None", where "a-{{ none }}" is "a-").
  if (op === '~') return pyStr(a) + pyStr(b);
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  }
  if (op === '*') {
    const repeated = repetition(a, b) ?? repetition(b, a);
    if (repeated !== undefined) return repeated;
  }
  if (typeof a !== 'number' || typeof b !== 'number') {
    const what = op === '+' ? 'two numbers, two strings or two lists' : 'numbers';
    throw new Fault(`"${op}" needs ${what}, got ${typeName(a)} and ${typeName(b)}`, {
      hint: 'convert first, e.g. "(x | int) + 1" or "\'v\' + (x | string)"',
    });
  }
  if ((op === '/' || op === '%') && b === 0) throw new Fault('division by zero');
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a - b * Math.floor(a / b);
  }
}
