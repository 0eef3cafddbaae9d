// env_file: set or remove one variable in a KEY="value" file such as
// /etc/default/kubelet, /etc/sysconfig/kubelet or /var/lib/kubelet/kubeadm-flags.env,
// read by systemd's EnvironmentFile= and by POSIX shells alike. Values are always
// written in double quotes with \ " $ and backquote escaped (see quoteEnvValue);
// a value that is already equal once unquoted (KEY=abc for "abc") is left alone.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { planTextEdit } from './files/edit-file.js';
import { removeEnvVar, setEnvVar } from './files/env-file-format.js';
import { absolutePathSchema, fileOptionSchemas, presentOrAbsent } from './files/file-options.js';

const schema = {
  type: 'object',
  properties: {
    path: absolutePathSchema,
    key: {
      type: 'string',
      pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
      description: 'a variable name: letters, digits and _, not starting with a digit',
    },
    value: { type: 'string', errorHint: 'put numbers and booleans in quotes: environment values are text' },
    state: { enum: ['present', 'absent'] },
    create: { type: 'boolean', description: 'create the file when it is missing (default true)' },
    mode: fileOptionSchemas.mode,
    backup: fileOptionSchemas.backup,
  },
  required: ['path', 'key'],
  ...presentOrAbsent('value'),
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const envFile: ModuleDef<Args> = {
  name: 'env_file',
  summary: 'set or remove one KEY="value" variable in an environment file (systemd and sh)',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const state = args.state ?? 'present';
    const target = { path: args.path, state, create: args.create ?? true };
    return planTextEdit(ctx, target, args, (old) =>
      state === 'absent' ? removeEnvVar(old, args.key) : setEnvVar(old, args.key, args.value ?? ''),
    );
  },
};
