// kubelet_flags: set and remove kubelet flags inside KUBELET_EXTRA_ARGS (or
// KUBELET_KUBEADM_ARGS) of /etc/sysconfig/kubelet, /etc/default/kubelet or
// /var/lib/kubelet/kubeadm-flags.env, leaving the node's other flags and the
// rest of the file as they were. Changed only when the flags change.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { planTextEdit } from './files/edit-file.js';
import { envValue, setEnvVar } from './files/env-file-format.js';
import { absolutePathSchema, fileOptionSchemas } from './files/file-options.js';
import { editFlags, formatFlags, parseFlags } from './kubelet/kubelet-flags-format.js';

const schema = {
  type: 'object',
  properties: {
    path: absolutePathSchema,
    key: {
      type: 'string',
      pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
      description: 'the variable holding the flags, e.g. KUBELET_EXTRA_ARGS',
    },
    set: {
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
      description: 'flag name (without --) → value; null for a flag without a value',
    },
    remove: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'flag names to remove' },
    create: { type: 'boolean', description: 'create the file when it is missing (default true)' },
    mode: fileOptionSchemas.mode,
    backup: fileOptionSchemas.backup,
  },
  required: ['path', 'key'],
  anyOf: [{ required: ['set'] }, { required: ['remove'] }],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const kubeletFlags: ModuleDef<Args> = {
  name: 'kubelet_flags',
  summary: 'set or remove kubelet flags in an env file variable, keeping the others',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const set = Object.fromEntries(Object.entries(args.set ?? {}).map(([k, v]) => [k, v === null ? null : String(v)]));
    return planTextEdit(ctx, { path: args.path, state: 'present', create: args.create ?? true }, args, (old) => {
      const current = envValue(old, args.key) ?? '';
      const next = editFlags(current, set, args.remove ?? []);
      // Same flags in another spelling (`--a 1` vs `--a=1`, spacing) is not a change.
      if (next === formatFlags(parseFlags(current))) return old;
      return setEnvVar(old, args.key, next);
    });
  },
};
