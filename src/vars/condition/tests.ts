// The tests of `x is name` / `x is not name(args)`, one entry each; `doc` is the
// reference's line for it.
import type { Node } from './ast.js';
import type { TestDef } from './defs.js';
import { Fault } from './fault.js';
import { compileRegex } from './regex.js';
import { contains, equal, isMapping, order, own, truthy, typeName, Undef, type Mapping } from './values.js';
import { checkVersionArgs, versionTest } from './version.js';

/** A registered result: the mapping a task's `register:` stores. */
function result(name: string, v: unknown): Mapping {
  if (isMapping(v)) return v;
  throw new Fault(
    `"${name}" tests a registered result (a mapping with failed, changed, skipped, rc), got ${typeName(v)}`,
  );
}
/** A key of a registered result, as Python's `result.get(key, False)` read for its truth. */
const resultFlag = (key: string, v: unknown, test = key) => truthy(own(result(test, v), key)?.value ?? false);

function text(name: string, v: unknown): string {
  if (typeof v === 'string') return v;
  throw new Fault(`"${name}" tests a string, got ${typeName(v)}`, { hint: 'convert it first with "| string"' });
}

/** A regex given as a literal is compiled at load time, so a bad one is found before any host is touched. */
function checkRegex(args: readonly Node[]): void {
  const [p] = args;
  if (p?.kind === 'literal') compileRegex(p.value, false);
}

/** A test without arguments. */
const is = (doc: string, run: (v: unknown) => boolean, takesUndefined = false): TestDef => ({
  args: [0, 0],
  doc,
  run,
  takesUndefined,
});

// The task-result tests as ansible-core 2.14's plugins/test/core.py defines them.
const succeeded = is(
  '`result is succeeded` (also `success`, `successful`): a registered result that did not fail',
  (v) => !resultFlag('failed', v, 'succeeded'),
);
const failed = is('`result is failed` (also `failure`): a registered result with `failed: true`', (v) =>
  resultFlag('failed', v),
);
// A loop's result has no `changed` of its own in Ansible's test: any item's counts.
const changed = is(
  '`result is changed` (also `change`): `changed: true`, or without `changed` any item of `results` changed',
  (v) => {
    const r = result('changed', v);
    const items = own(r, 'changed') ? undefined : own(r, 'results')?.value;
    if (Array.isArray(items) && isMapping(items[0])) return items.some((i) => isMapping(i) && resultFlag('changed', i));
    return resultFlag('changed', r);
  },
);
const skipped = is('`result is skipped` (also `skip`): a registered result with `skipped: true`', (v) =>
  resultFlag('skipped', v),
);
/** `finished` / `started` of an async job's status (1 when so); any other result counts as so. */
const asyncState = (key: string) =>
  is(`\`result is ${key}\`: an async job's status with \`${key}: 1\` (any other result is ${key})`, (v) => {
    const r = result(key, v);
    return own(r, key) ? own(r, key)?.value === 1 || own(r, key)?.value === true : true;
  });

/** A test with one argument: `x is name(y)`, or `select('name', y)`. */
const versus = (doc: string, run: (v: unknown, other: unknown) => boolean): TestDef => ({
  args: [1, 1],
  doc,
  run: (v, [o]) => run(v, o),
});
const equalTo = versus(
  "`x is equalto(y)` (also `eq`, `==`): x == y; for select and selectattr: `selectattr('role', 'equalto', 'cp')`",
  equal,
);

const notEqual = versus('`x is ne(y)` (also `!=`): x != y', (a, b) => !equal(a, b));
const lessThan = versus(
  '`x is lt(y)`, also `le`, `gt`, `ge` (and `<`, `<=`, `>`, `>=` by name in select): ordered as `<`, `<=`, `>`, `>=` are',
  (a, b) => order(a, b) < 0,
);
const atMost = versus('`x is le(y)`', (a, b) => order(a, b) <= 0);
const greaterThan = versus('`x is gt(y)`', (a, b) => order(a, b) > 0);
const atLeast = versus('`x is ge(y)`', (a, b) => order(a, b) >= 0);

export const TESTS: ReadonlyMap<string, TestDef> = new Map<string, TestDef>([
  [
    'defined',
    is('`x is defined`: the variable or key exists (null counts as defined)', (v) => !(v instanceof Undef), true),
  ],
  ['undefined', is('`x is undefined`: the opposite of `defined`', (v) => v instanceof Undef, true)],
  ['none', is('`x is none`: x is null (`null`, `~` or empty in YAML)', (v) => v === null)],
  ['string', is('`x is string`', (v) => typeof v === 'string')],
  ['number', is('`x is number`: an int or float (not a boolean)', (v) => typeof v === 'number')],
  ['mapping', is('`x is mapping`', (v) => isMapping(v))],
  [
    'sequence',
    is(
      '`x is sequence`: a list, string or mapping, as in Jinja ' +
        '(for a list only: `x is sequence and x is not string and x is not mapping`)',
      (v) => Array.isArray(v) || typeof v === 'string' || isMapping(v),
    ),
  ],
  ['true', is('`x is true`: exactly the boolean true (not just truthy)', (v) => v === true)],
  ['false', is('`x is false`: exactly the boolean false', (v) => v === false)],
  ['succeeded', succeeded],
  ['success', succeeded],
  ['successful', succeeded],
  ['failed', failed],
  ['failure', failed],
  ['changed', changed],
  ['change', changed],
  ['skipped', skipped],
  ['skip', skipped],
  [
    'unreachable',
    is('`result is unreachable`: a registered result with `unreachable: true`', (v) => resultFlag('unreachable', v)),
  ],
  [
    'reachable',
    is('`result is reachable`: the opposite of `unreachable`', (v) => !resultFlag('unreachable', v, 'reachable')),
  ],
  ['finished', asyncState('finished')],
  ['started', asyncState('started')],
  ['equalto', equalTo],
  ['eq', equalTo],
  // Jinja's operator names of the same tests (`selectattr('failed', '==', true)`).
  ['==', equalTo],
  ['ne', notEqual],
  ['!=', notEqual],
  ['lt', lessThan],
  ['<', lessThan],
  ['le', atMost],
  ['<=', atMost],
  ['gt', greaterThan],
  ['>', greaterThan],
  ['ge', atLeast],
  ['>=', atLeast],
  [
    'contains',
    versus(
      "`x is contains('a')`: the list (or string, or mapping) holds it; `select('contains', 'a')` on lists of lists",
      (a, b) => contains(a, b),
    ),
  ],
  ['boolean', is('`x is boolean`', (v) => typeof v === 'boolean')],
  [
    'divisibleby',
    // Jinja's: x % n == 0 (Kubespray: `groups.etcd | length is not divisibleby 2`).
    versus('`x is divisibleby 3`: x is a multiple of the number', (a, b) => {
      if (typeof a !== 'number' || typeof b !== 'number')
        throw new Fault(`"divisibleby" takes numbers, got ${typeName(a)} and ${typeName(b)}`);
      if (b === 0) throw new Fault('"divisibleby 0": division by zero');
      return a % b === 0;
    }),
  ],
  [
    'sameas',
    // Python's `is`: true/false/none are single objects, so `x is sameas true` holds only for the boolean true;
    // a list or mapping is the same object only as itself.
    versus('`x is sameas true`: x is that very value (the boolean true, not 1 or "yes")', (a, b) => a === b),
  ],
  ['integer', is('`x is integer`: a whole number', (v) => Number.isInteger(v))],
  [
    'match',
    {
      args: [1, 1],
      doc: "`x is match('^v1\\.2[0-9]')`: the regex matches at the start of the string",
      check: checkRegex,
      run: (v, [p]) => compileRegex(p, true).test(text('match', v)),
    },
  ],
  [
    'search',
    {
      args: [1, 1],
      doc: "`x is search('SystemdCgroup = true')`: the regex matches anywhere in the string",
      check: checkRegex,
      run: (v, [p]) => compileRegex(p, false).test(text('search', v)),
    },
  ],
  [
    'version_compare',
    {
      args: [1, 2],
      doc: "`x is version_compare('1.24', '<')`: the old name of `version`, as Ansible still reads it",
      check: checkVersionArgs,
      run: versionTest,
    },
  ],
  [
    'version',
    {
      args: [1, 2],
      doc:
        "`x is version('1.24', '<')`: compares versions; " +
        'the operator is one of `< lt <= le > gt >= ge == eq != ne` (default `==`)',
      check: checkVersionArgs,
      run: versionTest,
    },
  ],
  [
    'in',
    { args: [1, 1], doc: "`x is in(['a', 'b'])`: the same as `x in ['a', 'b']`", run: (v, [c]) => contains(c, v) },
  ],
]);
