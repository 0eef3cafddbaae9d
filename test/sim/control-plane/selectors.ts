// SIMULATION: label and field selectors as the API server reads them from
// `?labelSelector=` (kubectl -l, drain --pod-selector) and `?fieldSelector=`
// (kubectl --field-selector, drain's spec.nodeName, wait's metadata.name).

export type Matcher = (labels: Record<string, string>) => boolean;

/** `a=b,c!=d,e,!f,g in (x,y),h notin (z)`; throws on what it cannot read. */
export function parseLabelSelector(text: string | null): Matcher {
  const tests: Matcher[] = [];
  for (const term of splitTerms(text ?? '')) {
    const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    const equality = set ? null : /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(term);
    const exists = set || equality ? null : /^(!?)([\w./-]+)$/.exec(term);
    if (set) {
      const [, key, op, list] = set as unknown as [string, string, string, string];
      const values = list.split(',').map((v) => v.trim());
      tests.push(
        op === 'in' ? (l) => key in l && values.includes(l[key]!) : (l) => !(key in l) || !values.includes(l[key]!),
      );
    } else if (equality) {
      const [, key, op, value] = equality as unknown as [string, string, string, string];
      tests.push(op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value);
    } else if (exists) {
      const [, not, key] = exists as unknown as [string, string, string];
      tests.push(not ? (l) => !(key in l) : (l) => key in l);
    } else {
      throw new Error(`unable to parse requirement: ${term}`);
    }
  }
  return (labels) => tests.every((t) => t(labels));
}

/** `spec.nodeName=n1,metadata.namespace!=kube-system`: the fields a test object offers. */
export function parseFieldSelector(
  text: string | null,
  supported: string[],
): (fields: Record<string, string>) => boolean {
  const tests: ((f: Record<string, string>) => boolean)[] = [];
  for (const term of splitTerms(text ?? '')) {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new Error(`invalid selector: '${term}'; can't understand '${term}'`);
    const [, field, op, value] = m as unknown as [string, string, string, string];
    if (!supported.includes(field)) throw new Error(`field label not supported: ${field}`);
    tests.push(op === '!=' ? (f) => f[field] !== value : (f) => f[field] === value);
  }
  return (fields) => tests.every((t) => t(fields));
}

// Commas separate terms except inside `in (a,b)`.
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) terms.push(cur.trim());
  return terms.filter(Boolean);
}
