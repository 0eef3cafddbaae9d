// `apply --list-hosts / --list-tasks / --list-tags`: ansible-playbook's layout
// (operators' scripts read it), plus the batches `serial` makes. No host is contacted.
import type { PlayOutline } from '../engine/playbook-outline.js';

export interface ListWhat {
  hosts: boolean;
  tasks: boolean;
  tags: boolean;
}

export function formatOutline(playbookPath: string, plays: readonly PlayOutline[], what: ListWhat): string {
  const out = [`\nplaybook: ${playbookPath}\n`];
  plays.forEach((play, i) => {
    out.push(`  play #${i + 1} (${play.pattern}): ${play.name}\tTAGS: [${play.tags.join(',')}]`);
    if (what.hosts) {
      out.push(
        `    pattern: ['${play.pattern}']`,
        `    hosts (${play.hosts.length}):`,
        ...play.hosts.map((h) => `      ${h}`),
      );
      if (play.serial !== undefined) {
        out.push(`    batches (${play.batches.length}, serial: ${JSON.stringify(play.serial)}):`);
        out.push(...play.batches.map((b, n) => `      #${n + 1}: ${b.join(', ')}`));
      }
    }
    if (what.tasks) {
      out.push('    tasks:', ...play.tasks.map((t) => `      ${t.name}\tTAGS: [${t.tags.join(', ')}]`));
    }
    if (what.tags) {
      const all = [...new Set([...play.tags, ...play.tasks.flatMap((t) => t.tags)])].sort();
      out.push(`      TASK TAGS: [${all.join(', ')}]`);
    }
    out.push('');
  });
  return out.join('\n') + '\n';
}
