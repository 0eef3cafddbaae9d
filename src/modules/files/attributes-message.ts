// Ansible's file-editing modules end their msg with what check_file_attrs says
// when mode or owner change too: "… and ownership, perms or SE linux context changed".
import type { FileStat } from '../../transport/connection.js';
import type { FileOptions } from './file-options.js';

const ATTRS = 'ownership, perms or SE linux context changed';

/** Whether the wanted mode, owner or group differ from the file's. */
export function attributesDiffer(want: FileOptions, st: FileStat | null): boolean {
  if (!st) return false;
  const pairs: [number | undefined, number][] = [
    [want.mode, st.mode & 0o7777],
    [want.uid, st.uid],
    [want.gid, st.gid],
  ];
  return pairs.some(([w, have]) => w !== undefined && w !== have);
}

export function withAttributesMessage(content: string, attributes: boolean): string {
  if (!attributes) return content;
  return content === '' ? ATTRS : `${content} and ${ATTRS}`;
}
