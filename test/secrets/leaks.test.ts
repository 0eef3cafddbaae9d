// Secrets planted everywhere a run could show them — the sudo password, a
// `!secret` vars-file value, a variable listed in runbook_secret_vars, one a
// no_log task reads — on a failing run with -vv --diff --json; then every
// artifact is searched: stdout, stderr, the --json file, the run record (its
// events and .retry file) and its text and HTML reports, every file the run
// left, and `ps` snapshots of the machine (the lab's hosts are processes of this
// machine too) taken while tasks ran.
import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sudoInventory } from '../engine/become-support.js';
import { lab } from '../lab/shared.js';
import { onHost } from '../support/host-shell.js';
import { project } from '../support/run.js';
import { runbook } from '../cli/support.js';
import { cliMain } from '../support/cli-bin.js';

const main = cliMain();
const MASK = '********';

const playbook = `
- hosts: localhost
  gather_facts: false
  vars_files: [vars/secret.yaml]
  tasks:
    - name: on the controller
      shell: 'echo "local {{ api_token }} $DB_PASS"; sleep 3.3'
      environment: { DB_PASS: "{{ db_pass }}" }
      become: false

- hosts: all
  gather_facts: false
  vars_files: [vars/secret.yaml]
  vars:
    backup_key: "{{BACKUP}}"
  tasks:
    - name: store the backup key
      shell: "echo {{ backup_key }} > /tmp/secrets-bk"
      no_log: true
    - name: config from a template
      template: { src: app.conf.hbs, dest: /etc/secrets-app.conf }
    - name: a long command with secrets in it and in its environment
      shell: 'echo "token {{ api_token }} backup {{ backup_key }}"; echo "db $DB_PASS" >&2; sleep 3.1'
      environment: { DB_PASS: "{{ db_pass }}" }
    - name: the same as the login user
      shell: 'echo "login {{ api_token }} $DB_PASS"; sleep 3.2'
      environment: { DB_PASS: "{{ db_pass }}" }
      become: false
    - name: show every variable
      debug: { var: hostvars }
    - name: a failing command
      shell: 'echo "failed with {{ db_pass }} and {{ api_token }}" >&2; exit 3'
      ignore_errors: true
    - name: an error that names a secret
      copy: { content: "x", dest: "/nonexistent-dir/{{ api_token }}/f" }
`;

/** Every file under dir, as relative paths. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p).map((f) => join(n, f)) : [n];
  });
}

describe('secrets never leak', () => {
  it('a failing run with -vv --diff --json shows none of them: output, events, retry file, files, ps on controller and hosts', async () => {
    const tag = randomBytes(4).toString('hex');
    const secrets = {
      become: lab().sudoUser!.password,
      token: `tok-${tag}-A1`,
      db: `dbp-${tag}-B2`,
      backup: `bk-${tag}-C3`,
    };
    const inventory = sudoInventory({
      ansible_become: true,
      ansible_become_password: secrets.become,
      runbook_secret_vars: ['db_pass'],
      db_pass: secrets.db,
    });
    const dir = project({
      'site.yaml': playbook.replace('{{BACKUP}}', secrets.backup),
      'vars/secret.yaml': `api_token: !secret "${secrets.token}"\n`,
      'templates/app.conf.hbs': 'user=app\ntoken={{ api_token }}\n',
    });
    const inputs = new Set(filesUnder(dir));
    const json = join(dir, 'events.jsonl');

    const child = spawn(
      process.execPath,
      [main, 'apply', join(dir, 'site.yaml'), '-i', inventory, '-vv', '--diff', '--plain', '--json', json],
      {
        env: { ...process.env, RUNBOOK_BECOME_PASSWORD: '', RUNBOOK_HOME: join(dir, 'home') },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let running = true;
    void exited.then(() => (running = false));

    // ps of the whole machine while the run goes on, until it ends.
    const snapshots: string[] = [];
    while (running) {
      snapshots.push(execFileSync('ps', ['-eww', '-o', 'pid=,args='], { encoding: 'utf8' }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const code = await exited;
    expect(code, stdout + stderr).to.equal(2);

    // The snapshots caught both long commands running (through sudo, and as the login).
    const ps = snapshots.join('\n');
    expect(ps).to.match(/\bsleep 3\.1\b/);
    expect(ps).to.match(/\bsleep 3\.2\b/);
    expect(ps).to.match(/\bsleep 3\.3\b/);

    // The secrets were really used: the hosts hold what the tasks wrote with them.
    const h = lab().hosts[0]!.name;
    expect(onHost(h, 'cat /etc/secrets-app.conf')).to.equal(`user=app\ntoken=${secrets.token}\n`);
    expect(onHost(h, 'cat /tmp/secrets-bk')).to.equal(`${secrets.backup}\n`);

    // ...and are shown masked where the output would have had them.
    expect(stdout).to.include(`token ${MASK} backup ${MASK}`);
    expect(stdout).to.include(`db ${MASK}`);
    expect(stdout).to.include(`login ${MASK} ${MASK}`);
    expect(stdout).to.include(`local ${MASK} ${MASK}`);
    expect(stdout).to.include(`+token=${MASK}`);
    expect(stdout).to.include(`failed with ${MASK} and ${MASK}`);
    expect(stdout).to.include(`/nonexistent-dir/${MASK}/f`);

    // The run record and its reports, text and HTML, are made from the same events.
    const env = { RUNBOOK_HOME: join(dir, 'home') };
    const text = runbook(['report', 'last'], { env });
    expect(text.code, text.stderr).to.equal(0);
    const html = runbook(['report', 'last', '--html', join(dir, 'report.html')], { env });
    expect(html.code, html.stderr).to.equal(0);

    const artifacts: Record<string, string> = {
      stdout,
      stderr,
      ps,
      report: text.stdout + text.stderr + html.stdout + html.stderr,
    };
    for (const f of filesUnder(dir).filter((f) => !inputs.has(f))) artifacts[f] = readFileSync(join(dir, f), 'utf8');
    const written = Object.keys(artifacts);
    expect(written).to.include.members(['events.jsonl', 'report.html']);
    expect(written.filter((f) => /^home\/runs\/.*\.retry$/.test(f))).to.have.length(1);
    expect(written.filter((f) => /^home\/runs\/.*\.jsonl$/.test(f))).to.have.length(1);
    expect(artifacts['report.html']).to.include(MASK);
    expect(readFileSync(json, 'utf8')).to.include(MASK);
    for (const [name, secret] of Object.entries(secrets)) {
      const escaped = JSON.stringify(secret).slice(1, -1);
      for (const [where, text] of Object.entries(artifacts)) {
        const leaked = text.split('\n').filter((l) => l.includes(secret) || l.includes(escaped));
        expect(leaked, `${where} holds the ${name} secret`).to.deep.equal([]);
      }
    }
  });
});
