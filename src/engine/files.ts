// Where controller-side files for copy/template are looked up: beside the
// playbook first, then beside its parent (so playbooks/x.yaml finds ./templates).
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export function findControllerFile(playbookDir: string, kind: 'files' | 'templates', name: string): string {
  if (isAbsolute(name)) {
    if (existsSync(name)) return name;
    throw new Error(`${kind === 'files' ? 'file' : 'template'} ${name} not found`);
  }
  const candidates = [join(playbookDir, kind, name), join(playbookDir, '..', kind, name), join(playbookDir, name)].map((p) => resolve(p));
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(`${kind === 'files' ? 'file' : 'template'} "${name}" not found; looked in ${candidates.join(', ')}`);
}
