// The sudo password for `become`: RUNBOOK_BECOME_PASSWORD, or asked for with
// -K/--ask-become-pass (without echo on a terminal; the first line of stdin
// otherwise). A host's ansible_become_password wins over it. Never printed;
// the engine masks it in every event.
import { createInterface } from 'node:readline';

export async function becomePassword(ask: boolean): Promise<string | undefined> {
  if (!ask) return process.env.RUNBOOK_BECOME_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: Boolean(process.stdin.isTTY) });
  if (process.stdin.isTTY) {
    process.stderr.write('BECOME password: ');
    // Swallow the echo of what is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  }
  try {
    const line = await new Promise<string>((resolve) => rl.once('line', resolve).once('close', () => resolve('')));
    if (process.stdin.isTTY) process.stderr.write('\n');
    return line;
  } finally {
    rl.close();
  }
}
