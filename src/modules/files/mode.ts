// File modes: a string of octal digits ("0644"), or a number as YAML 1.1 reads
// an unquoted 0644 (octal, 420): Ansible takes both, and so do we. The parser
// refuses a number written without its leading 0 (644 is decimal to YAML, the
// classic Ansible trap) — see parse/task.ts.
// One schema with two types, not anyOf: the engine's coercing re-check of
// rendered arguments would turn 0640 (416) into the string "416" in the first
// branch that takes a string.
export const modeSchema = {
  type: ['string', 'integer'],
  pattern: '^0?[0-7]{3,4}$',
  minimum: 0,
  maximum: 0o7777,
  description: 'octal permission bits, e.g. 0644 or "0644"',
} as const;

export function parseMode(mode: string | number): number {
  return typeof mode === 'number' ? mode : parseInt(mode, 8);
}

export function formatMode(mode: number): string {
  return '0' + (mode & 0o7777).toString(8).padStart(3, '0');
}
