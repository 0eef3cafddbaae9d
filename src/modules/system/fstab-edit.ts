// The fstab text work of ansible.posix.mount (1.5, Linux): a line per mount point,
// "src name fstype opts dump passno"; spaces, "&" and "\" in a field escaped as \040,
// \046, \134. An entry matches by its mount point, except that swap lines (name "none")
// only match the same src when src is given. A changed entry is rewritten with single
// spaces; other lines are kept as they are.

export interface FstabEntry {
  src: string;
  name: string;
  fstype: string;
  opts: string;
  dump: string;
  passno: string;
}

export const escapeFstab = (v: string): string =>
  v.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/&/g, '\\046');

const FIELDS = ['src', 'name', 'fstype', 'opts', 'dump', 'passno'] as const;

function linesOf(text: string): string[] {
  const parts = text.split(/(?<=\n)/).filter((l) => l !== '');
  return parts.map((l) => (l.endsWith('\n') ? l : `${l}\n`));
}

function skipped(line: string): boolean {
  return line.trim() === '' || line.trim().startsWith('#');
}

const matches = (fields: string[], name: string, src: string | undefined): boolean =>
  fields[1] === name && !(src !== undefined && fields[1] === 'none' && fields[2] === 'swap' && fields[0] !== src);

/** The fstab with `want` set (its line changed in place, or appended), and whether it changed. */
export function setFstabEntry(text: string, want: FstabEntry): { text: string; changed: boolean } {
  const esc = Object.fromEntries(FIELDS.map((k) => [k, escapeFstab(want[k])])) as unknown as FstabEntry;
  const out: string[] = [];
  let exists = false;
  let changed = false;
  for (const line of linesOf(text)) {
    const fields = line.split(/\s+/).filter(Boolean);
    if (skipped(line) || fields.length < 4 || fields.length > 6 || !matches(fields, esc.name, want.src)) {
      out.push(line);
      continue;
    }
    exists = true;
    const cur: FstabEntry = {
      src: fields[0]!,
      name: fields[1]!,
      fstype: fields[2]!,
      opts: fields[3]!,
      dump: fields[4] ?? '0',
      passno: fields[5] ?? '0',
    };
    // Ansible's `changed` stays set for every later line of the same mount point.
    const differs = (['src', 'fstype', 'opts', 'dump', 'passno'] as const).some((k) => cur[k] !== esc[k]);
    changed ||= differs;
    out.push(changed ? `${FIELDS.map((k) => (k === 'name' ? cur.name : esc[k])).join(' ')}\n` : line);
  }
  if (!exists) {
    out.push(`${FIELDS.map((k) => esc[k]).join(' ')}\n`);
    changed = true;
  }
  return { text: out.join(''), changed };
}

/** The fstab without the lines of mount point `name` (only 6-field lines, as Ansible). */
export function unsetFstabEntry(
  text: string,
  name: string,
  src: string | undefined,
): { text: string; changed: boolean } {
  const esc = escapeFstab(name);
  const lines = text.split(/(?<=\n)/).filter((l) => l !== '');
  const kept = lines.filter((line) => {
    const fields = line.split(/\s+/).filter(Boolean);
    return skipped(line) || fields.length !== 6 || !matches(fields, esc, src);
  });
  return { text: kept.join(''), changed: kept.length !== lines.length };
}
