// --tags / --skip-tags, as Ansible 2.14 decides them (Taggable.evaluate_tags):
// `always` runs unless skipped by name (or `--skip-tags all`), `never` runs only
// when asked for by one of its other tags or by `never`; untagged tasks run when
// no --tags is given; `tagged` and `untagged` select by having tags at all.
export interface TagFilter {
  only: ReadonlySet<string>;
  skip: ReadonlySet<string>;
}

export function selectedByTags(own: readonly string[], f: TagFilter): boolean {
  // As in Ansible, a task without tags is tagged `untagged`; no --tags is `--tags all`.
  const tags = own.length > 0 ? own : ['untagged'];
  const tagged = own.length > 0;
  const meets = (set: ReadonlySet<string>) => tags.some((t) => set.has(t));
  const only = f.only.size > 0 ? f.only : new Set(['all']);
  const chosen =
    tags.includes('always') ||
    (only.has('all') && !tags.includes('never')) ||
    meets(only) ||
    (only.has('tagged') && tagged && !tags.includes('never'));
  if (!chosen) return false;
  if (f.skip.has('all')) return tags.includes('always') && !f.skip.has('always');
  return !meets(f.skip) && !(f.skip.has('tagged') && tagged);
}

/**
 * A task's tags with the templated ones rendered (`tags: "{{ the_tags }}"`), as
 * ansible-core 2.14's Taggable.evaluate_tags does: a list gives its items, anything
 * else is one tag (a rendered "a,b" is the tag `a,b`; only a written string is split).
 */
export function renderedTags(tags: readonly string[], render: (tag: string) => unknown): string[] {
  if (!tags.some((t) => t.includes('{{'))) return [...tags];
  return tags.flatMap((t) => {
    if (!t.includes('{{')) return [t];
    const v = render(t);
    return Array.isArray(v) ? v.map(String) : [String(v)];
  });
}
