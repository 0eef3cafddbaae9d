// The arguments every file-writing module may take (mode, owner, group, backup,
// validate): their schemas, and turning them into what planFileWrite needs.
import { groupId, userId } from '../../facts/ids.js';
import type { ArgsOf, ModuleContext } from '../contract.js';
import { modeSchema, parseMode } from './mode.js';

const idSchema = (what: string) =>
  ({
    type: ['string', 'integer'],
    minimum: 0,
    minLength: 1,
    pattern: '^[^-\\s]\\S*$',
    description: `a ${what} name or a numeric id`,
  }) as const;

/** An absolute path on the host. */
export const absolutePathSchema = {
  type: 'string',
  minLength: 1,
  pattern: '^/',
  description: 'an absolute path',
} as const;

/** `state: present | absent`, where `key` is required unless the state is absent. */
export const presentOrAbsent = (key: string) =>
  ({
    if: { properties: { state: { const: 'absent' } }, required: ['state'] },
    else: { required: [key] },
  }) as const;

export const fileOptionSchemas = {
  mode: modeSchema,
  owner: idSchema('user'),
  group: idSchema('group'),
  backup: {
    type: 'boolean',
    description:
      "copy the old file to <path>.<pid>.<YYYY-MM-DD@HH:MM:SS>~ (the host's local time, as Ansible) before changing it",
  },
  // Ansible writes in place when the atomic rename fails (a bind-mounted /etc/hosts, as Kubespray
  // expects in containers); runbook's writes stay atomic: where the rename works, the two agree.
  unsafe_writes: {
    type: 'boolean',
    description: "Ansible's in-place fallback when an atomic rename fails; accepted, runbook's writes stay atomic",
  },
  validate: {
    type: 'string',
    description:
      'a command that checks the new content, with %s for the path of a temp file holding it, e.g. "visudo -cf %s"',
  },
} as const;

export type FileOptionArgs = ArgsOf<{
  type: 'object';
  properties: typeof fileOptionSchemas;
  additionalProperties: false;
}>;

/** What to do besides writing the bytes: resolved ids, mode bits, backup, validation. */
export interface FileOptions {
  /** Permission bits, or undefined to keep the current ones (new files get 0644). */
  mode?: number;
  uid?: number;
  gid?: number;
  backup?: boolean;
  validate?: string;
}

/** Resolves owner/group names on the host; a missing one is a task failure. */
export async function resolveFileOptions(
  args: FileOptionArgs,
  ctx: ModuleContext,
): Promise<FileOptions | { failed: string }> {
  const [user, group] = await Promise.all([
    args.owner === undefined ? undefined : userId(ctx.conn, args.owner),
    args.group === undefined ? undefined : groupId(ctx.conn, args.group),
  ]);
  if (user && 'missing' in user) return { failed: user.missing };
  if (group && 'missing' in group) return { failed: group.missing };
  return {
    mode: args.mode === undefined ? undefined : parseMode(args.mode),
    uid: user?.id,
    gid: group?.id,
    backup: args.backup,
    validate: args.validate,
  };
}
