// Preloaded (node --import) into the CLI under test: at exit, writes the
// process's CPU time in ms to $RUNBOOK_CPU_FILE. Changes nothing else.
import { writeFileSync } from 'node:fs';

const file = process.env.RUNBOOK_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, String((user + system) / 1000));
  });
}
