// Regular expressions as operators write them for Ansible (Python's re): the
// differences that matter are translated (named groups, \A and \Z, leading inline
// flags); a pattern that does not compile is a Fault naming it.
import { Fault } from './fault.js';
import { truthy, typeName } from './values.js';

const cache = new Map<string, RegExp>();
const FLAGS: Record<string, string> = { i: 'i', m: 'm', s: 's' };

/** Compiles the pattern; `anchored` makes it match only at the start (Python's re.match). */
export function compileRegex(pattern: unknown, anchored: boolean): RegExp {
  if (typeof pattern !== 'string') {
    throw new Fault(`a regular expression must be a string, got ${typeName(pattern)}`, { arg: 0 });
  }
  const cacheKey = `${anchored ? 'y' : '-'}${pattern}`;
  let re = cache.get(cacheKey);
  if (!re) {
    const { source, flags } = translate(pattern);
    try {
      re = new RegExp(source, flags + (anchored ? 'y' : ''));
    } catch (err) {
      const why = String((err as Error).message).replace(/^.*: /, '');
      throw new Fault(`invalid regular expression "${pattern}": ${why}`, { arg: 0 });
    }
    cache.set(cacheKey, re);
  }
  re.lastIndex = 0;
  return re;
}

/** The pattern again, global, with Ansible's `ignorecase=` / `multiline=` arguments added to its own flags. */
export function globalRegex(re: RegExp, named: Readonly<Record<string, unknown>>): RegExp {
  let flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
  if (truthy(named.ignorecase) && !flags.includes('i')) flags += 'i';
  if (truthy(named.multiline) && !flags.includes('m')) flags += 'm';
  return new RegExp(re.source, flags);
}

function translate(pattern: string): { source: string; flags: string } {
  let flags = '';
  let rest = pattern;
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (inline?.[1]) {
    for (const f of inline[1]) {
      const js = FLAGS[f];
      if (js === undefined) {
        throw new Fault(`the inline flag "${f}" of "${pattern}" is not supported (only i, m, s)`, { arg: 0 });
      }
      if (!flags.includes(js)) flags += js;
    }
    rest = pattern.slice(inline[0].length);
  }
  let source = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charAt(i);
    if (c === '\\') {
      const n = rest.charAt(i + 1);
      source += n === 'A' ? '(?<![\\s\\S])' : n === 'Z' ? '(?![\\s\\S])' : `\\${n}`;
      i++;
    } else if (rest.startsWith('(?P<', i)) {
      source += '(?<';
      i += 3;
    } else if (rest.startsWith('(?P=', i)) {
      const end = rest.indexOf(')', i);
      if (end < 0) break;
      source += `\\k<${rest.slice(i + 4, end)}>`;
      i = end;
    } else {
      source += c;
    }
  }
  return { source, flags };
}
