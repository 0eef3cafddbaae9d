// Schema of a variables mapping (play/task `vars`, inventory `vars`, group_vars and host_vars files).

/** Names a template can refer to: Ansible refuses others too. */
export const VAR_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

export const varsSchema = {
  type: 'object',
  propertyNames: {
    pattern: VAR_NAME_PATTERN,
    errorHint: 'variable names use letters, digits and _, and do not start with a digit',
  },
  errorHint: 'variables are a mapping: name: value',
} as const;

/** A vars mapping that may also be left empty (`vars:` with nothing after it). */
export const optionalVarsSchema = {
  ...varsSchema,
  type: ['object', 'null'],
} as const;
