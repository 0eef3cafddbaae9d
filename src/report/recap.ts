// PLAY RECAP in Ansible's exact layout (host padded to 26, each count padded to
// 4), so operators' eyes and their scripts find what they expect.
import type { HostCounts, Recap } from '../engine/events.js';

const order: (keyof HostCounts)[] = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'];

export function formatRecapLine(host: string, c: HostCounts): string {
  return `${host.padEnd(26)} : ${order.map((k) => `${k}=${String(c[k]).padEnd(4)}`).join(' ')}`.trimEnd();
}

export function formatRecap(recap: Recap): string {
  const lines = [...recap.entries()].map(([host, c]) => formatRecapLine(host, c));
  return `PLAY RECAP ${'*'.repeat(60)}\n${lines.join('\n')}\n`;
}
