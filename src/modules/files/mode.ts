// File modes are strings of octal digits ("0644"). A bare YAML number is refused
// at load time: YAML 1.2 reads 0644 as decimal 644, a classic Ansible trap.
export const modeSchema = {
  type: 'string',
  pattern: '^0?[0-7]{3,4}$',
  description: 'octal permission bits in quotes, e.g. "0644"',
} as const;

export function parseMode(mode: string): number {
  return parseInt(mode, 8);
}

export function formatMode(mode: number): string {
  return '0' + (mode & 0o7777).toString(8).padStart(3, '0');
}
