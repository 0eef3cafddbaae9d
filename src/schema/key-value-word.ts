// A module's arguments written as `key=value` words: the key is a name, or one template
// (`"{{ item.key }}={{ v }}"`, which set_fact renders). One pattern, read by parse and by
// the editor schema, so an editor accepts what runbook accepts.
const KEY = String.raw`(?:[\w-]+|\{\{[^=}]*\}\})=`;

/** One word that is a key=value argument. */
export const KEY_VALUE_WORD = new RegExp(`^${KEY}`);

/** The editor schema's pattern for a whole argument string: its first word is one. */
export const KEY_VALUE_ARGS_PATTERN = String.raw`^\s*` + KEY;
