// with_nested: every combination of its lists, the first list varying slowest,
// as ansible-core 2.14's nested lookup builds them: a combination is made by
// spreading lists one level (_flatten), and each result is spread once more at
// the end. So [[a, b], [1, 2]] gives [a, 1], [a, 2], [b, 1], [b, 2], and a lone
// list's items are spread themselves: [[abc, de]] gives [a, b, c] and [d, e].
// A term that is not a list counts as a one-item list.
import { RunbookError, type SourcePos } from '../errors.js';

export function nestedItems(value: unknown, source: SourcePos): unknown[] {
  const terms = (Array.isArray(value) ? value : [value]).map((t) => (Array.isArray(t) ? t : [t]));
  const [first, ...rest] = terms;
  if (first === undefined) {
    throw new RunbookError('playbook', 'with_nested requires at least one element in the nested list', {
      source,
      hint: 'give it a list of lists: with_nested: [[a, b], [1, 2]]',
    });
  }
  let combos: unknown[] = first;
  for (const list of rest) combos = combos.flatMap((combo) => list.map((x) => spread([combo, x], source)));
  return combos.map((c) => spread(c, source));
}

// Python's iteration of the value (a string's characters, a mapping's keys), each list in it opened one level.
function spread(terms: unknown, source: SourcePos): unknown[] {
  let items: unknown[];
  if (typeof terms === 'string') items = [...terms];
  else if (Array.isArray(terms)) items = terms;
  else if (terms !== null && typeof terms === 'object') items = Object.keys(terms);
  else
    throw new RunbookError('playbook', `with_nested: ${JSON.stringify(terms)} is not a list, a string or a mapping`, {
      source,
      hint: 'Ansible 2.14 fails the same way on a lone list of numbers; give two lists or a list of lists',
    });
  return items.flatMap((t) => (Array.isArray(t) ? t : [t]));
}
