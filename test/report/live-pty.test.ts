// The live view as an operator meets it: the real CLI on a pseudo-terminal.
// Each test waits on what the screen shows and on the process ending; a hang
// fails at the harness's deadline with the screen in the message.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../lab/shared.js';
import { runbookInPty, visible, PTY_DEADLINE_MS, type PtyRun } from '../support/pty.js';
import { hostNames, project } from '../support/run.js';

const SHOW_CURSOR = '\x1b[?25h';
const HIDE_CURSOR = '\x1b[?25l';
// SGR, the escape that sets colours.
const COLOUR = /\x1b\[[0-9;]*m/;

/** The cursor was hidden by the live view and shown again after it. */
function cursorRestored(raw: string): void {
  expect(raw, 'the live view hides the cursor').to.contain(HIDE_CURSOR);
  expect(raw.lastIndexOf(SHOW_CURSOR), `cursor left hidden; the screen:\n${visible(raw)}`).to.be.greaterThan(
    raw.lastIndexOf(HIDE_CURSOR),
  );
}

describe('the live view on a terminal', function () {
  // Above the harness's own deadline, so a hang is reported with the screen.
  this.timeout(PTY_DEADLINE_MS * 2 + 30_000);
  let runs: PtyRun[] = [];
  const start = (args: string[], env?: Record<string, string | undefined>): PtyRun => {
    const run = runbookInPty(args, { env });
    runs.push(run);
    return run;
  };
  afterEach(() => {
    for (const r of runs) r.stop();
    runs = [];
  });

  const skippedPlaybook =
    '- name: all skipped\n  hosts: all\n  tasks:\n    - name: never\n      command: "false"\n      when: ' +
    'false\n    - name: nor this\n      command: "false"\n      when: false\n';

  it('every host unreachable: the play ends at once, exit 4 with the recap, cursor shown again', async () => {
    const dir = project({ 'p.yaml': '- name: ghosts\n  hosts: all\n  tasks:\n    - command: "true"\n' });
    // Nothing listens on these addresses: the connections are refused at once.
    writeFileSync(
      join(dir, 'hosts.yaml'),
      'all:\n  hosts:\n    ghost1:\n      ansible_host: 127.0.10.250\n    ghost2:\n      ansible_host: 127.0.10.251\n',
    );
    const run = start(['apply', join(dir, 'p.yaml'), '-i', join(dir, 'hosts.yaml'), '--connect-timeout', '5']);
    expect(await run.exit(), visible(run.raw)).to.equal(4);
    expect(run.raw).to.match(/ghost1 +unreachable at "command": .*127\.0\.10\.250/);
    expect(run.raw).to.match(/^ghost2 +: ok=0 +changed=0 +unreachable=1/m);
    cursorRestored(run.raw);
  });

  it('every task skipped: each host ends with its counts, exit 0, cursor shown again', async () => {
    const dir = project({ 'p.yaml': skippedPlaybook });
    const run = start(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile]);
    expect(await run.exit(), visible(run.raw)).to.equal(0);
    for (const h of hostNames()) expect(run.raw).to.match(new RegExp(`${h} +ok=0 changed=0 failed=0 skipped=2`));
    expect(run.raw).to.contain('PLAY RECAP');
    cursorRestored(run.raw);
  });

  it('a bad playbook: exit 1 with the message, and no live view started', async () => {
    const dir = project({ 'p.yaml': '- name: x\n  hots: all\n  tasks: []\n' });
    const run = start(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile]);
    expect(await run.exit()).to.equal(1);
    expect(run.raw)
      .to.contain(`${join(dir, 'p.yaml')}:2:3`)
      .and.contain('"hosts"');
    expect(run.raw).not.to.contain(HIDE_CURSOR);
  });

  it('Ctrl-C during a task: exit 130, the host marked interrupted, the output ends by showing the cursor', async () => {
    const [first] = hostNames();
    // A sleep no run outlasts: with `sleep 30`, a screen slow to show the first second
    // plus the grace let the nap end by itself, and the host was not "interrupted".
    const dir = project({
      'p.yaml': `- name: slow\n  hosts: ${first}\n  tasks:\n    - name: nap\n      command: sleep 600\n`,
    });
    const run = start(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile, '--grace', '2']);
    // The elapsed time moves on its own while the task runs.
    await run.waitFor(/nap \([1-9]\d*s\)/);
    run.type('\x03');
    // The view says at once what happens next, as the plain view does.
    await run.waitFor('running tasks get 2 s to finish, then are stopped (Ctrl-C again to stop at once)');
    expect(await run.exit(), visible(run.raw)).to.equal(130);
    expect(run.raw, JSON.stringify(run.raw.slice(-600))).to.match(
      new RegExp(`${first} +interrupted during "nap" after \\d+s`),
    );
    expect(run.raw.indexOf('INTERRUPTED: the run was stopped (SIGINT)')).to.be.lessThan(
      run.raw.indexOf('RUN INTERRUPTED [slow]'),
    );
    // The run wound down: the interrupt report and the recap follow the view.
    expect(visible(run.raw, 200)).to.contain('RUN INTERRUPTED [slow] (SIGINT)').and.contain('PLAY RECAP');
    expect(run.raw.trimEnd().endsWith(SHOW_CURSOR), `the screen:\n${JSON.stringify(run.raw.slice(-200))}`).to.equal(
      true,
    );
  });

  it('Ctrl-C with --plain: exit 130 and a line saying the run was interrupted', async () => {
    const [first] = hostNames();
    const dir = project({ 'p.yaml': `- hosts: ${first}\n  tasks:\n    - name: nap\n      command: sleep 600\n` });
    const run = start(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile, '--plain', '--grace', '2']);
    await run.waitFor('TASK [nap]');
    run.type('\x03');
    expect(await run.exit(), visible(run.raw)).to.equal(130);
    expect(run.raw).to.contain('INTERRUPTED: the run was stopped');
  });

  it('a terminal of 0 columns (script started outside a terminal): plain lines, not a character a line', async () => {
    const [first] = hostNames();
    const dir = project({
      'p.yaml': `- name: narrow\n  hosts: ${first}\n  tasks:\n    - name: touch a file\n      command: "true"\n`,
    });
    const run = runbookInPty(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile], { cols: 0 });
    runs.push(run);
    expect(await run.exit(), visible(run.raw)).to.equal(0);
    expect(run.raw).not.to.contain(HIDE_CURSOR);
    const lines = visible(run.raw, 1000).split('\n');
    expect(
      lines.some((l) => l.startsWith('TASK [touch a file] ***')),
      lines.join('\n'),
    ).to.equal(true);
    expect(
      lines.some((l) => new RegExp(`^${first} +: ok=1 +changed=1`).test(l)),
      lines.join('\n'),
    ).to.equal(true);
    // No line of one character, as listr's redraw at width 0 gave.
    expect(
      lines.filter((l) => l.trim().length === 1),
      lines.join('\n'),
    ).to.deep.equal([]);
  });

  it('serial: 1 over three hosts names each batch, up to batch 3/3, and every host ends with its counts', async () => {
    const dir = project({
      'p.yaml': '- name: rollout\n  hosts: all\n  serial: 1\n  tasks:\n    - name: touch\n      command: "true"\n',
    });
    const run = start(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile]);
    expect(await run.exit(), visible(run.raw)).to.equal(0);
    const names = hostNames();
    names.forEach((h, i) => {
      expect(run.raw).to.contain(`PLAY [rollout]  batch ${i + 1}/${names.length}: ${h}`);
    });
    expect(run.raw).to.contain('batch 3/3');
    for (const h of names) expect(run.raw).to.match(new RegExp(`${h} +ok=1 changed=[01] failed=0 skipped=0`));
    cursorRestored(run.raw);
  });

  it('colour by default; none with NO_COLOR or --no-color', async () => {
    const dir = project({ 'p.yaml': skippedPlaybook });
    const args = ['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile];
    const coloured = start(args);
    const noColorEnv = start(args, { NO_COLOR: '1' });
    const noColorFlag = start([...args, '--no-color']);
    for (const run of [coloured, noColorEnv, noColorFlag]) expect(await run.exit(), visible(run.raw)).to.equal(0);
    expect(coloured.raw).to.match(COLOUR);
    expect(noColorEnv.raw).not.to.match(COLOUR);
    expect(noColorFlag.raw).not.to.match(COLOUR);
    cursorRestored(noColorFlag.raw);
  });

  for (const flag of ['-v', '--diff']) {
    it(`${flag} prints plain lines instead (details do not fit a redrawn area)`, async () => {
      const dir = project({ 'p.yaml': skippedPlaybook });
      const run = start(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile, flag]);
      expect(await run.exit(), visible(run.raw)).to.equal(0);
      expect(run.raw).to.contain('TASK [never]').and.contain(`skipping: [${hostNames()[0]}]`);
      expect(run.raw).not.to.contain(HIDE_CURSOR);
    });
  }
});
