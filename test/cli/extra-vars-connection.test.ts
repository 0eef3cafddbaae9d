// -e sits above every other variable source, connection and become variables
// included, as in Ansible (its variable precedence puts extra vars last, and
// connection variables are variables). ansible-playbook 2.14, run by hand on a
// lab host with the inputs of these tests (2026-12-07; see
// docs/ansible-compatibility.md):
//   - inventory ansible_become: false, ansible_user deploy, -e ansible_become=true
//     -e ansible_become_password=…: `id -u` printed 0 (sudo used);
//   - inventory ansible_port: 2, ansible_user: nobody, a missing key, and
//     -e ansible_port=22 -e ansible_user=deploy -e ansible_ssh_private_key_file=KEY:
//     the task ran, `id -un` printed deploy;
//   - -e ansible_become_method=su: Ansible tries su (and fails on the password);
//     runbook has only sudo, so it refuses at start, as it does every
//     connection variable it cannot use (Ansible ignores e.g. a misspelt one).
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { withExtraConnectionVars } from '../../src/cli/extra-vars.js';
import type { RunbookError } from '../../src/errors.js';
import { loadInventory } from '../../src/parse/inventory.js';
import { cleanHosts, expectRanAsRoot, rootProject, sudoInventory } from '../engine/become-support.js';
import { lab } from '../lab/shared.js';
import { project, runFile } from '../support/run.js';
import { noStackTrace, runbook } from './support.js';

describe('-e wins over the inventory for connection and become variables', () => {
  const password = () => lab().sudoUser!.password;
  beforeEach(cleanHosts);

  it("unit: -e values replace the inventory's on every host and say they came from -e; other -e names stay out of host vars", () => {
    const inv = loadInventory(sudoInventory({ ansible_become: false }));
    const out = withExtraConnectionVars(
      inv,
      { ansible_become: 'true', ansible_port: '2222', ansible_ssh_private_key_file: 'keys/id', drain_timeout: '5' },
      '/work/here',
    );
    for (const h of out.hosts.values()) {
      expect(h.vars).to.include({
        ansible_become: 'true',
        ansible_port: '2222',
        ansible_ssh_private_key_file: 'keys/id',
      });
      expect(h.vars).to.not.have.property('drain_timeout');
      expect(h.origins.ansible_become).to.equal('-e (extra vars)');
      expect(h.varDirs.ansible_ssh_private_key_file).to.equal('/work/here');
    }
    // The loaded inventory itself is left as it was.
    expect([...inv.hosts.values()][0]!.vars.ansible_become).to.equal(false);
    expect(withExtraConnectionVars(inv, { drain_timeout: '5' }, '/')).to.equal(inv);
  });

  it('unit: a connection or become variable runbook cannot use is a usage error naming it, with what to do', () => {
    const inv = loadInventory(sudoInventory());
    const refused = (name: string): RunbookError => {
      try {
        withExtraConnectionVars(inv, { [name]: 'x' }, '/');
      } catch (e) {
        return e as RunbookError;
      }
      throw new Error(`-e ${name} was accepted`);
    };
    expect(refused('ansible_sudo_pass').message).to.equal(
      '-e ansible_sudo_pass: runbook cannot use this Ansible connection variable, and will not ignore it',
    );
    expect(refused('ansible_sudo_pass').hint).to.equal('use ansible_become_password (its current name); leave it out');
    expect(refused('ansible_ssh_executable').hint).to.contain('runbook speaks SSH itself');
    expect(refused('ansible_become_flags').code).to.equal('usage');
  });

  it(
    '-e ansible_become=true -e ansible_become_password=… makes a sudo login run as root where the inventory ' +
      'says ansible_become: false; the password is shown nowhere',
    () => {
      const inventory = sudoInventory({ ansible_become: false });
      const r = runbook([
        'apply',
        rootProject(),
        '-i',
        inventory,
        '--plain',
        '-e',
        'ansible_become=true',
        '-e',
        `{"ansible_become_password": ${JSON.stringify(password())}}`,
        '-vv',
      ]);
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout + r.stderr).to.not.contain(password());
      for (const h of lab().hosts)
        expect(r.stdout).to.match(new RegExp(`^${h.name} +: ok=\\d+ +changed=\\d+ +unreachable=0 +failed=0`, 'm'));
    },
  );

  it(
    'the same through the engine: every task as root, also the one that says become: ' +
      'false (extra vars beat keywords, as ansible-playbook 2.14 does)',
    async () => {
      const run = await runFile(rootProject(), {
        inventory: sudoInventory({ ansible_become: false }),
        extraVars: { ansible_become: 'true', ansible_become_password: password() },
      });
      for (const h of lab().hosts) {
        expect(run.recap.get(h.name), h.name).to.include({ failed: 0, unreachable: 0 });
        expect(run.task('uid').get(h.name)!.data.stdout).to.equal('0');
        expect(run.task('as the login').get(h.name)!.data.stdout).to.equal('root');
      }
    },
  );

  // As ansible-playbook 2.14: ansible_become is a variable, and variables beat keywords wherever they are set.
  it("without -e too, the inventory's ansible_become beats the task that says become: false: it runs as root", async () => {
    const run = await runFile(rootProject(), {
      inventory: sudoInventory({ ansible_become: true, ansible_become_password: password() }),
    });
    expectRanAsRoot(run, true);
  });

  it('-e ansible_host, ansible_port, ansible_user and ansible_ssh_private_key_file replace wrong inventory values', () => {
    const l = lab();
    const [h] = l.hosts;
    const file = join(project({}), 'hosts.yaml');
    const wrong = {
      ansible_host: '127.255.255.254',
      ansible_port: 2,
      ansible_user: 'nobody-here',
      ansible_ssh_private_key_file: '/nonexistent/key',
    };
    writeFileSync(
      file,
      stringify({ all: { hosts: { [h!.name]: wrong }, vars: { runbook_known_hosts_file: l.knownHostsFile } } }),
    );
    const playbook = join(
      project({
        'p.yaml':
          '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: who\n      command: id -un\n      changed_when: false\n',
      }),
      'p.yaml',
    );
    const fixes = [
      '-e',
      `ansible_host=${h!.address}`,
      '-e',
      `ansible_port=${h!.port}`,
      '-e',
      `ansible_user=${l.sudoUser!.name}`,
      '-e',
      `ansible_ssh_private_key_file=${l.keyFile}`,
    ];
    const r = runbook(['apply', playbook, '-i', file, '--plain', '-vv', ...fixes]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.contain(l.sudoUser!.name);
    expect(r.stdout).to.match(new RegExp(`^${h!.name} +: ok=1 +changed=0 +unreachable=0 +failed=0`, 'm'));
    // Without them, the inventory's values are used (and fail).
    const without = runbook(['apply', playbook, '-i', file, '--plain']);
    expect(without.code).to.not.equal(0);
    expect(without.stdout).to.match(/unreachable=1/);
  });

  it('-e values runbook cannot use stop the run at start, naming the variable: nothing runs on any host', () => {
    for (const [e, says] of [
      ['ansible_become_method=su', '-e ansible_become_method is "su", but runbook becomes only through sudo'],
      ['ansible_sudo_pass=secret1', 'use ansible_become_password'],
      ['ansible_port=twenty-two', '-e ansible_port must be a port number from 1 to 65535, got "twenty-two"'],
    ] as const) {
      const r = runbook(['apply', rootProject(), '-i', sudoInventory(), '--plain', '-e', e]);
      expect(r.code, e).to.equal(1);
      expect(r.stderr, e).to.contain(e.split('=')[0]).and.contain(says);
      expect(r.stdout, e).to.not.contain('TASK');
      noStackTrace(r.stderr);
    }
  });
});
