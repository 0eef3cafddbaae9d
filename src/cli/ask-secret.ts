// Passwords and passphrases the operator types: sudo's (-K), the SSH login's (-k)
// and encrypted keys' (asked once per key file). Without echo on a terminal; the
// first line of stdin otherwise. Never printed; every answer joins the run's
// secrets, which every event and error message masks.
import { createInterface } from 'node:readline';
import { secretValues } from '../secrets.js';

// One question at a time: many hosts may need a key's passphrase at once.
let asking: Promise<unknown> = Promise.resolve();

export function askSecret(prompt: string): Promise<string> {
  const next = asking.then(async () => {
    const answer = await readSecret(prompt);
    secretValues.add(answer);
    return answer;
  });
  asking = next.catch(() => undefined);
  return next;
}

async function readSecret(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: Boolean(process.stdin.isTTY) });
  if (process.stdin.isTTY) {
    process.stderr.write(prompt);
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

/** -K, else RUNBOOK_BECOME_PASSWORD; a host's ansible_become_password wins over it. */
export async function becomePassword(ask: boolean): Promise<string | undefined> {
  return ask ? askSecret('BECOME password: ') : process.env.RUNBOOK_BECOME_PASSWORD;
}

/** -k; a host's ansible_password wins over it. */
export async function sshPassword(ask: boolean): Promise<string | undefined> {
  return ask ? askSecret('SSH password: ') : undefined;
}

/**
 * Passphrases of encrypted key files: RUNBOOK_KEY_PASSPHRASE for every key, or
 * asked on a terminal once per key file (askPassphrasesAhead asks before the
 * run starts); none without a terminal.
 */
export function keyPassphrases(): (keyFile: string) => Promise<string | undefined> {
  const fromEnv = process.env.RUNBOOK_KEY_PASSPHRASE;
  const asked = new Map<string, Promise<string>>();
  return async (keyFile) => {
    if (fromEnv !== undefined) return fromEnv;
    if (!process.stdin.isTTY) return undefined;
    let answer = asked.get(keyFile);
    if (!answer) {
      answer = askSecret(`Enter passphrase for key '${keyFile}': `);
      asked.set(keyFile, answer);
    }
    return answer;
  };
}
