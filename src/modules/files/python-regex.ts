// Ansible's modules take Python regular expressions and re.sub templates. The
// common forms are translated to JavaScript's: named groups (?P<n>…) and
// (?P=n), a leading (?m)/(?s)/(?i) flag group, and \1, \g<1>, \g<name>, \n, \t
// and \\ in a replacement. What has no JavaScript form is refused with its name.

export function pyRegex(source: string, flags: string): RegExp {
  let body = source;
  let all = flags;
  const lead = /^\(\?([imsx]+)\)/.exec(body);
  if (lead) {
    if (lead[1]!.includes('x')) throw new Error('the (?x) verbose flag has no JavaScript form');
    all += lead[1];
    body = body.slice(lead[0].length);
  }
  if (/\\[AZ]/.test(body)) throw new Error('\\A and \\Z have no JavaScript form: use ^ or $ without (?m)');
  body = body.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  return new RegExp(body, [...new Set(all)].join(''));
}

/** A Python re.sub template as a function of one match. */
export function pyReplacement(
  template: string,
): (match: string, groups: (string | undefined)[], named: Record<string, string | undefined>) => string {
  const parts: (string | number | { name: string })[] = [];
  let text = '';
  const escapes: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    f: '\f',
    v: '\v',
    a: '\x07',
    b: '\b',
    '\\': '\\',
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '\\' || i === template.length - 1) {
      text += c;
      continue;
    }
    const rest = template.slice(i + 1);
    const num = /^\d{1,2}/.exec(rest);
    const g = /^g<(\w+)>/.exec(rest);
    if (num || g) {
      parts.push(text);
      text = '';
      const ref = (num ?? g)![num ? 0 : 1]!;
      parts.push(/^\d+$/.test(ref) ? Number(ref) : { name: ref });
      i += (num ?? g)![0].length;
    } else if (escapes[rest[0]!] !== undefined) {
      text += escapes[rest[0]!];
      i += 1;
    } else if (/^[A-Za-z]/.test(rest)) {
      throw new Error(`bad escape \\${rest[0]} in the replacement`);
    } else {
      text += c;
    }
  }
  parts.push(text);
  return (match, groups, named) =>
    parts
      .map((p) => {
        if (typeof p === 'string') return p;
        // As Python: a group the expression does not have is an error; one that did not take part is empty.
        if (typeof p === 'number' ? p > groups.length : !(p.name in named))
          throw new Error(`invalid group reference ${typeof p === 'number' ? p : p.name}`);
        return typeof p === 'number' ? (p === 0 ? match : (groups[p - 1] ?? '')) : (named[p.name] ?? '');
      })
      .join('');
}
