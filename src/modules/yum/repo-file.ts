// .repo files as Ansible's yum_repository reads and writes them (Python's
// RawConfigParser): sections of `key = value`, keys lower-cased, comments
// dropped, a multi-line value continued on tab-indented lines. Two files
// "differ" as Ansible judges: sections and keys compared sorted.

export type RepoSections = Map<string, Map<string, string>>;

export function parseRepoFile(text: string): RepoSections {
  const out: RepoSections = new Map();
  let section: Map<string, string> | undefined;
  let last: string | undefined;
  for (const raw of text.split('\n')) {
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    const head = /^\[([^\]]+)\]/.exec(raw);
    if (head) {
      section = out.get(head[1]!) ?? new Map();
      out.set(head[1]!, section);
      last = undefined;
      continue;
    }
    if (!section) continue;
    if (/^\s/.test(raw) && last !== undefined) {
      section.set(last, `${section.get(last)}\n${raw.trim()}`);
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv) {
      last = kv[1]!.toLowerCase();
      section.set(last, kv[2]!.trim());
    }
  }
  return out;
}

/** As RawConfigParser.write: sections and keys in their order, a blank line after each section. */
export function renderRepoFile(sections: RepoSections): string {
  let out = '';
  for (const [name, keys] of sections) {
    out += `[${name}]\n`;
    for (const [k, v] of keys) out += `${k} = ${v.replace(/\n/g, '\n\t')}\n`;
    out += '\n';
  }
  return out;
}

/** Ansible's dump(): what it compares to decide "changed". */
export function sortedDump(sections: RepoSections): string {
  let out = '';
  for (const name of [...sections.keys()].sort()) {
    out += `[${name}]\n`;
    const keys = sections.get(name)!;
    for (const k of [...keys.keys()].sort()) out += `${k} = ${keys.get(k)}\n`;
    out += '\n';
  }
  return out;
}
