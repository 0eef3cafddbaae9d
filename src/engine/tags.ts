// --tags / --skip-tags, as Ansible: `always` runs unless skipped by name,
// `never` runs only when asked for; untagged tasks run when no --tags is given.
export interface TagFilter {
  only: ReadonlySet<string>;
  skip: ReadonlySet<string>;
}

export function selectedByTags(tags: readonly string[], f: TagFilter): boolean {
  if (tags.some((t) => f.skip.has(t))) return false;
  if (f.only.size === 0 || f.only.has('all')) return !tags.includes('never');
  if (tags.includes('always')) return true;
  if (f.only.has('tagged') && tags.length > 0) return true;
  if (f.only.has('untagged') && tags.length === 0) return true;
  return tags.some((t) => f.only.has(t));
}
