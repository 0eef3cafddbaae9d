// Runs the real command line with the run record in a fresh RUNBOOK_HOME, on a
// playbook that fails on one lab host: what the record and report tests share.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lab } from '../lab/shared.js';
import { project } from '../support/run.js';
import { runbook, type CliRun } from '../cli/support.js';

/** A secret the run sees; redaction must keep it out of the record and the reports. */
export const SECRET = 'pw-Record-7f3e1c';

/**
 * serial 2 over the three lab hosts: node2 fails in batch 1, node3 runs alone in
 * batch 2. Each copy writes its own file, so every run changes it (and has diffs).
 */
export const failsOnNode2 = (): string => `- name: roll out the motd
  hosts: all
  serial: 2
  tasks:
    - name: Write the motd
      copy: { dest: /tmp/record-motd-${Math.random().toString(36).slice(2, 8)}, content: "hello from {{ inventory_hostname }}\\n" }
    - name: Echo the secret
      command: echo ${SECRET}
      changed_when: false
    - name: Refuse node2
      fail: { msg: "node2 is not ready for the motd" }
      when: inventory_hostname == 'node2'
    - name: Done
      command: "true"
`;

export interface RecordedCli {
  home: string;
  runsDir: string;
  dir: string;
  playbook: string;
  run(args: string[], env?: Record<string, string>): CliRun;
  /** apply PLAYBOOK -i LAB --plain ARGS, with the become password set to SECRET. */
  apply(args?: string[], playbook?: string): CliRun;
  files(): string[];
}

export function recordedCli(files: Record<string, string> = { 'p.yaml': failsOnNode2() }): RecordedCli {
  const home = mkdtempSync(join(tmpdir(), 'runbook-home-'));
  const dir = project(files);
  const runsDir = join(home, 'runs');
  const run = (args: string[], env: Record<string, string> = {}) =>
    runbook(args, { env: { RUNBOOK_HOME: home, ...env } });
  return {
    home,
    runsDir,
    dir,
    playbook: join(dir, 'p.yaml'),
    run,
    apply: (args = [], playbook = join(dir, 'p.yaml')) =>
      run(['apply', playbook, '-i', lab().inventoryFile, '--plain', ...args], { RUNBOOK_BECOME_PASSWORD: SECRET }),
    files: () => {
      try {
        return readdirSync(runsDir).sort();
      } catch {
        return [];
      }
    },
  };
}
