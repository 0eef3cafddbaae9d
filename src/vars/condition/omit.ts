// Ansible's `omit`: a placeholder value that, as a module argument (or a key of
// a mapping inside one), leaves that argument out: `mode: "{{ m | default(omit) }}"`.
export const OMIT = '__omit_place_holder__runbook';
