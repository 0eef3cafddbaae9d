// How a task of a role is named, as ansible-playbook shows it ("web : install"):
// in the output, the outline, and what --start-at-task matches.
import type { RoleContext } from '../types/playbook.js';

export function nameInRole(role: RoleContext | undefined, own: string): string {
  return role ? `${role.name} : ${own}` : own;
}
