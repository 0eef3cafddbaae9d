import { expect } from 'chai';
import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startLab, type Lab } from '../lab/lab.js';
import { labDir } from '../lab/paths.js';
import { lab } from '../lab/shared.js';
import { emptyHome, extraLabSpot, runbookCli, type Cli } from '../support/cli-run.js';
import { eventually, onHost } from '../support/host-shell.js';
import { PTY_DEADLINE_MS, runbookInPty } from '../support/pty.js';
import { project } from '../support/run.js';

const PLAY = '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: who\n      command: id -un\n';

/** An inventory of the lab's hosts that names no user and no key, unless `vars` does. */
function inventory(
  dir: string,
  l: Lab,
  hostVars: (i: number) => Record<string, unknown> = () => ({}),
  vars: Record<string, unknown> = {},
): string {
  const hosts = Object.fromEntries(l.hosts.map((h, i) => [h.name, { ansible_host: h.address, ...hostVars(i) }]));
  const file = join(dir, 'hosts.yaml');
  writeFileSync(file, stringify({ all: { hosts, vars: { runbook_known_hosts_file: l.knownHostsFile, ...vars } } }));
  return file;
}

function expectAllRan(r: Cli, l: Lab, as: string): void {
  expect(r.code, r.stdout + r.stderr).to.equal(0);
  const who = r.task('who');
  expect([...who.keys()].sort()).to.deep.equal(l.hosts.map((h) => h.name));
  for (const res of who.values()) expect(res.data.stdout).to.equal(as);
}

function unreachable(r: Cli): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of r.events)
    if (e.kind === 'task-result' && e.result.status === 'unreachable') out.set(e.result.host, e.result.msg ?? '');
  return out;
}

describe('runbook apply: keys and logins (the command line)', () => {
  const dir = project({ 'p.yaml': PLAY });
  const playbook = join(dir, 'p.yaml');

  it('with no key named, offers ~/.ssh/id_ed25519 (then id_ecdsa, id_rsa) as ssh does', () => {
    const home = emptyHome();
    copyFileSync(lab().keyFile, join(home, '.ssh', 'id_ed25519'));
    const r = runbookCli([playbook, '-i', inventory(dir, lab())], { home });
    expectAllRan(r, lab(), 'root');

    const none = runbookCli([playbook, '-i', inventory(dir, lab())], { home: emptyHome() });
    expect(none.code).to.equal(4);
    for (const why of unreachable(none).values())
      expect(why).to.match(
        /^authentication failed for root@.*\(tried: nothing: no private key file, ssh-agent or password\)$/,
      );
  });

  describe('ssh-agent', () => {
    let agent: ChildProcess | undefined;
    afterEach(() => agent?.kill());

    it('logs in with the agent of SSH_AUTH_SOCK, and IdentitiesOnly leaves it out', async () => {
      const home = emptyHome();
      const sock = join(home, 'agent.sock');
      agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
      expect(await eventually(() => existsSync(sock)), 'ssh-agent started').to.equal(true);
      execFileSync('ssh-add', [lab().keyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      expectAllRan(
        runbookCli([playbook, '-i', inventory(dir, lab())], { home, env: { SSH_AUTH_SOCK: sock } }),
        lab(),
        'root',
      );

      const only = runbookCli([playbook, '-i', inventory(dir, lab()), '--ssh-extra-args', '-o IdentitiesOnly=yes'], {
        home,
        env: { SSH_AUTH_SOCK: sock },
      });
      expect(only.code).to.equal(4);
      expect([...unreachable(only).values()][0]).to.match(/tried: nothing/);
    });
  });

  describe('an encrypted private key', () => {
    const home = emptyHome();
    const locked = join(home, 'id_locked');
    const phrase = 'correct horse $(battery)';
    before(() => {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', phrase, '-C', 'runbook-locked', '-f', locked]);
      const pub = readFileSync(`${locked}.pub`, 'utf8').trim();
      for (const h of lab().hosts) onHost(h.name, `echo '${pub}' >> /root/.ssh/authorized_keys`);
    });
    after(() => {
      for (const h of lab().hosts) onHost(h.name, "sed -i '/runbook-locked/d' /root/.ssh/authorized_keys");
    });

    it('opens with RUNBOOK_KEY_PASSPHRASE; a wrong one or none (no terminal) says so per host', () => {
      const args = [playbook, '-i', inventory(dir, lab()), '-u', 'root', '--private-key', locked];
      const r = runbookCli(args, { home, env: { RUNBOOK_KEY_PASSPHRASE: phrase } });
      expectAllRan(r, lab(), 'root');
      expect(r.stdout + r.json).not.to.contain(phrase);

      const wrong = runbookCli(args, { home, env: { RUNBOOK_KEY_PASSPHRASE: 'nope' } });
      expect(wrong.code).to.equal(4);
      for (const why of unreachable(wrong).values())
        expect(why).to.match(new RegExp(`^private key file ${locked}: the passphrase is wrong`));

      const none = runbookCli(args, { home });
      expect(none.code).to.equal(4);
      for (const why of unreachable(none).values())
        expect(why).to.contain(`private key file ${locked} is protected by a passphrase, and none was given`);
    });

    it('on a terminal, asks for it once for all hosts, before the live view starts', async function () {
      // Past the pty harness's deadline, which fails a hang with the screen in the message.
      this.timeout(PTY_DEADLINE_MS + 30_000);
      const run = runbookInPty(['apply', playbook, '-i', inventory(dir, lab()), '--private-key', locked], {
        env: { HOME: home, SSH_AUTH_SOCK: undefined, RUNBOOK_KEY_PASSPHRASE: undefined },
      });
      try {
        await run.waitFor(`Enter passphrase for key '${locked}': `);
        run.type(`${phrase}\r`);
        expect(await run.exit()).to.equal(0);
        expect(run.raw.split('Enter passphrase').length - 1, 'prompts').to.equal(1);
        expect(run.raw).not.to.contain(phrase);
        const prompt = run.raw.indexOf('Enter passphrase');
        expect(run.raw.slice(0, prompt), 'nothing drawn before the question').not.to.match(/node1|who/);
      } finally {
        run.stop();
      }
    });
  });

  describe('password login', () => {
    let pw: Lab;
    before(async function () {
      this.timeout(120_000);
      const spot = extraLabSpot('pw', 40);
      pw = await startLab({
        hosts: 2,
        dir: labDir(spot.name),
        firstAddress: spot.firstAddress,
        sshdOptions: { PasswordAuthentication: 'yes' },
      });
    });
    after(async () => pw?.stop());

    it('ansible_password for one host, -k for the other; the password is in no output, event or error', () => {
      const password = pw.sudoUser!.password;
      const user = pw.sudoUser!.name;
      const inv = inventory(dir, pw, (i) => (i === 0 ? { ansible_password: password } : {}), { ansible_user: user });
      const debug = project({ 'p.yaml': `${PLAY}    - debug: var=hostvars\n` });
      const r = runbookCli([join(debug, 'p.yaml'), '-i', inv, '-k', '-vv'], {
        home: emptyHome(),
        input: `${password}\n`,
      });
      expectAllRan(r, pw, user);
      for (const [what, text] of Object.entries({ stdout: r.stdout, stderr: r.stderr, json: r.json })) {
        expect(text, `${what} holds the password`).not.to.contain(password);
        expect(text, `${what} holds the password`).not.to.contain(JSON.stringify(password).slice(1, -1));
      }
      expect(r.stdout).to.contain('********');

      const wrong = runbookCli([playbook, '-i', inv, '-k'], { home: emptyHome(), input: 'not-it\n' });
      expect(wrong.code).to.equal(4);
      expect(unreachable(wrong).get(pw.hosts[1]!.name)).to.equal(
        `authentication failed for ${user}@${pw.hosts[1]!.address}:22 (tried: password)`,
      );
      expect(wrong.stdout + wrong.json).not.to.contain('not-it');
    });
  });

  describe('-u, --private-key, -T and --ssh-extra-args', () => {
    let silent: Server;
    const sockets: Socket[] = [];
    before(async () => {
      // Accepts and never says a word: only the connect timeout ends the wait.
      silent = createServer((s) => sockets.push(s));
      await new Promise<void>((resolve) => silent.listen(0, lab().hosts[0]!.address, resolve));
    });
    after(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    });

    it('-u and --private-key name the login where the inventory does not; ansible_user wins over -u', () => {
      const home = emptyHome();
      expectAllRan(
        runbookCli([playbook, '-i', inventory(dir, lab()), '-u', 'root', '--private-key', lab().keyFile], { home }),
        lab(),
        'root',
      );
      const sudoUser = lab().sudoUser!.name;
      const inv = inventory(dir, lab(), () => ({ ansible_user: 'root' }));
      expectAllRan(
        runbookCli([playbook, '-i', inv, '-u', sudoUser, '--private-key', lab().keyFile], { home }),
        lab(),
        'root',
      );
      expectAllRan(
        runbookCli([playbook, '-i', inventory(dir, lab()), '-u', sudoUser, '--private-key', lab().keyFile], { home }),
        lab(),
        sudoUser,
      );
    });

    it('-T is the connect timeout', () => {
      const port = (silent.address() as { port: number }).port;
      const inv = join(dir, 'silent.yaml');
      writeFileSync(
        inv,
        stringify({ all: { hosts: { mute: { ansible_host: lab().hosts[0]!.address, ansible_port: port } } } }),
      );
      const r = runbookCli([playbook, '-i', inv, '-T', '1'], { home: emptyHome() });
      expect(r.code).to.equal(4);
      // The timer that fired was -T's 1000 ms, not the 10 s default (the transport's own test
      // proves the timer); a wall-clock bound here would measure only the machine's load.
      expect(unreachable(r).get('mute')).to.equal(
        `connecting to root@${lab().hosts[0]!.address}:${port} timed out after 1000 ms`,
      );
    });

    it('--ssh-extra-args takes -o Key=Value options and refuses others clearly', () => {
      const home = emptyHome();
      const ok = runbookCli(
        [
          playbook,
          '-i',
          inventory(dir, lab()),
          '--ssh-extra-args',
          `-o User=root -o IdentityFile=${lab().keyFile} -o ConnectTimeout=5`,
        ],
        { home },
      );
      expectAllRan(ok, lab(), 'root');

      const bad = runbookCli([playbook, '-i', inventory(dir, lab()), '--ssh-extra-args', '-o ForwardAgent=yes'], {
        home,
      });
      expect(bad.code).to.equal(1);
      expect(bad.stderr).to.contain('error: --ssh-extra-args: the ssh option ForwardAgent is not supported');
      expect(bad.stderr).to.contain(
        'hint: runbook connects without the ssh binary and understands only HostName, Port, User, IdentityFile',
      );
      const flag = runbookCli([playbook, '-i', inventory(dir, lab()), '--ssh-extra-args', '-A'], { home });
      expect(flag.stderr).to.contain('error: --ssh-extra-args: the ssh argument "-A" is not supported');
      const value = runbookCli([playbook, '-i', inventory(dir, lab()), '--ssh-extra-args', '-o Port=ssh'], { home });
      expect(value.stderr).to.contain('error: --ssh-extra-args: Port must be a port number from 1 to 65535, got "ssh"');
    });
  });
});
