import { expect } from 'chai';
import { join } from 'node:path';
import { project } from '../support/run.js';
import { runbook } from './support.js';

// Nothing listens on these addresses: listing must not connect.
const inventory = `all:
  children:
    web:
      hosts:
        w[1:5]: { ansible_host: 127.0.13.250 }
    db:
      hosts:
        d1: { ansible_host: 127.0.13.251 }
`;

const site = `- name: web rollout
  hosts: web
  serial: [1, "50%"]
  tags: [web]
  tasks:
    - name: config
      copy: { dest: /tmp/c, content: x }
      tags: [config]
    - block:
        - name: restart
          command: "true"
          tags: [restart]
        - command: "false"
      tags: [svc]
    - name: never unless asked
      debug: { msg: hi }
      tags: [never, debugging]
- hosts: db
  tasks:
    - name: dump
      command: "true"
`;

function files(): { playbook: string; inventory: string } {
  const dir = project({ 'site.yaml': site, 'hosts.yaml': inventory });
  return { playbook: join(dir, 'site.yaml'), inventory: join(dir, 'hosts.yaml') };
}

describe('runbook apply --list-hosts / --list-tasks / --list-tags (no host is contacted)', () => {
  it("--list-hosts: each play's pattern, hosts and the batches serial makes, in ansible-playbook's layout", () => {
    const f = files();
    const r = runbook(['apply', f.playbook, '-i', f.inventory, '--list-hosts']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(
      `\nplaybook: ${f.playbook}\n\n` +
        '  play #1 (web): web rollout\tTAGS: [web]\n' +
        "    pattern: ['web']\n    hosts (5):\n      w1\n      w2\n      w3\n      w4\n      w5\n" +
        '    batches (3, serial: [1,"50%"]):\n      #1: w1\n      #2: w2, w3\n      #3: w4, w5\n\n' +
        '  play #2 (db): db\tTAGS: []\n' +
        "    pattern: ['db']\n    hosts (1):\n      d1\n\n",
    );
  });

  it('--list-hosts with two -i (YAML, then INI adding hosts to a group): the hosts of both', () => {
    const f = files();
    const more = join(project({ 'more.ini': '[db]\nd2 ansible_host=127.0.13.252\n' }), 'more.ini');
    const r = runbook(['apply', f.playbook, '-i', f.inventory, '-i', more, '--list-hosts']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain(
      "  play #2 (db): db\tTAGS: []\n    pattern: ['db']\n    hosts (2):\n      d1\n      d2\n",
    );
  });

  it('--list-hosts follows --limit, and batches are cut from the limited hosts', () => {
    const f = files();
    const r = runbook(['apply', f.playbook, '-i', f.inventory, '--list-hosts', '-l', 'w1,w2,w3']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain(
      '    hosts (3):\n      w1\n      w2\n      w3\n    batches (3, serial: [1,"50%"]):\n      #1: w1\n      #2: w2\n      #3: w3\n',
    );
    expect(r.stdout).to.contain("    pattern: ['db']\n    hosts (0):\n");
  });

  it('--list-tasks: tasks of blocks flattened, with their tags; --tags selects as a run would', () => {
    const f = files();
    const all = runbook(['apply', f.playbook, '-i', f.inventory, '--list-tasks']);
    expect(all.code).to.equal(0);
    expect(all.stdout).to.contain(
      '    tasks:\n      config\tTAGS: [config, web]\n      restart\tTAGS: [restart, svc, web]\n      command\tTAGS: [svc, web]\n\n',
    );
    expect(all.stdout).to.contain('  play #2 (db): db\tTAGS: []\n    tasks:\n      dump\tTAGS: []\n');
    const some = runbook(['apply', f.playbook, '-i', f.inventory, '--list-tasks', '--tags', 'restart,debugging']);
    expect(some.stdout).to.contain(
      '    tasks:\n      restart\tTAGS: [restart, svc, web]\n      never unless asked\tTAGS: [debugging, never, web]\n\n',
    );
    expect(some.stdout).to.contain('  play #2 (db): db\tTAGS: []\n    tasks:\n\n');
  });

  it("--list-tasks: templated tags rendered with the play's variables, a list sorted, text one tag (ansible-playbook 2.14)", () => {
    const play =
      '- hosts: web\n  vars: {the_tags: [tag3, alpha], csv: "one,two"}\n  tasks:\n' +
      '    - {name: from a list, debug: {msg: a}, tags: "{{ the_tags }}"}\n' +
      '    - {name: from text, debug: {msg: b}, tags: "{{ csv }}"}\n';
    const dir = project({ 'site.yaml': play, 'hosts.yaml': inventory });
    const list = (...more: string[]) =>
      runbook(['apply', join(dir, 'site.yaml'), '-i', join(dir, 'hosts.yaml'), '--list-tasks', ...more]).stdout;
    expect(list()).to.contain(
      '    tasks:\n      from a list\tTAGS: [alpha, tag3]\n      from text\tTAGS: [one,two]\n\n',
    );
    expect(list('--tags', 'tag3')).to.contain('    tasks:\n      from a list\tTAGS: [alpha, tag3]\n\n');
    expect(list('--tags', 'two')).to.contain('    tasks:\n\n');
  });

  it('--list-tags: every tag of the tasks that would run, per play', () => {
    const f = files();
    const r = runbook(['apply', f.playbook, '-i', f.inventory, '--list-tags']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal(
      `\nplaybook: ${f.playbook}\n\n` +
        '  play #1 (web): web rollout\tTAGS: [web]\n      TASK TAGS: [config, restart, svc, web]\n\n' +
        '  play #2 (db): db\tTAGS: []\n      TASK TAGS: []\n\n',
    );
  });

  it('a play whose pattern names nothing is a usage error before anything is listed', () => {
    const dir = project({ 'site.yaml': '- hosts: webz\n  tasks: []\n', 'hosts.yaml': inventory });
    const r = runbook(['apply', join(dir, 'site.yaml'), '-i', join(dir, 'hosts.yaml'), '--list-hosts']);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('"webz"').and.contain('did you mean "web"');
  });
});
