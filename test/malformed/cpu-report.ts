// Preloaded (node --import) into the CLI under test: at exit, writes the
// process's CPU time in ms and its peak memory (resident set, KiB) to
// $RUNBOOK_CPU_FILE, as "cpu rss". Changes nothing else.
import { writeFileSync } from 'node:fs';

const file = process.env.RUNBOOK_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
    writeFileSync(file, `${(userCPUTime + systemCPUTime) / 1000} ${maxRSS}`);
  });
}
