// The floor, run as its own process (so it pays Node's start and ssh2's load like
// runbook does): the same count of remote round trips as a runbook run, over plain
// persistent ssh2 connections — every command as an exec channel (`true`), every
// file operation as one SFTP stat — in the same lockstep of steps across hosts.
// argv[2]: JSON FloorPlan. Prints JSON: { seconds, connectSeconds }.
import { openFleet, type FleetHost } from './ssh-fleet.js';

export interface FloorPlan {
  hosts: FleetHost[];
  keyFile: string;
  /** Per step (task), the execs and file operations each host makes, in order. */
  steps: { execs: number; files: number }[];
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '') as FloorPlan;
  const start = process.hrtime.bigint();
  const fleet = await openFleet(plan.hosts, plan.keyFile);
  const connected = process.hrtime.bigint();
  for (const step of plan.steps) {
    await Promise.all(
      plan.hosts.map(async (_, i) => {
        for (let k = 0; k < step.execs; k++) await fleet.exec(i, 'true');
        for (let k = 0; k < step.files; k++) await fleet.stat(i, '/etc/hostname');
      }),
    );
  }
  await fleet.close();
  const end = process.hrtime.bigint();
  process.stdout.write(
    JSON.stringify({ seconds: Number(end - start) / 1e9, connectSeconds: Number(connected - start) / 1e9 }) + '\n',
  );
}

void main().catch((err: unknown) => {
  process.stderr.write(`floor: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
