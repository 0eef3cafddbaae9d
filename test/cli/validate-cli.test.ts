import { expect } from 'chai';
import { join } from 'node:path';
import { project } from '../support/run.js';
import { noStackTrace, runbook } from './support.js';

const repo = join(import.meta.dirname, '..', '..', '..');

// Addresses nothing listens on: validate never connects, so they cannot matter.
const inventory =
  'all:\n  vars:\n    app_dir: /etc/app\n  hosts:\n    web1: { ansible_host: 127.0.13.250, port_no: 80 }\n    web2: { ansible_host: 127.0.13.251 }\n';

const broken = `- name: first
  hosts: webz
  tasks:
    - name: fine
      copy: { dest: /tmp/x, content: "x" }
- name: second
  hosts: all
  tasks:
    - name: needs a variable nobody set
      copy: { dest: "{{app_dir}}/{{missing_var}}", content: "x" }
    - name: a module that does not exist
      kopy: { dest: /tmp/x }
    - name: a template that does not compile
      template: { src: broken.hbs, dest: /tmp/b }
    - name: a template that needs what web2 lacks
      template: { src: port.hbs, dest: /tmp/p }
    - name: a file that is not there
      copy: { src: nowhere.txt, dest: /tmp/n }
    - name: probe
      command: "true"
      register: probe
    - name: uses the probe
      copy: { dest: /tmp/probe, content: "{{probe.stdout}}" }
`;

/** `runbook validate DIR/site.yaml -i DIR/hosts.yaml`, which must fail: its `file:line:col: error:` lines. */
function validateErrors(dir: string): { site: string; r: ReturnType<typeof runbook>; errors: string[] } {
  const site = join(dir, 'site.yaml');
  const r = runbook(['validate', site, '-i', join(dir, 'hosts.yaml')]);
  expect(r.code, r.stdout + r.stderr).to.equal(1);
  return { site, r, errors: r.stdout.split('\n').filter((l) => l.includes(': error: ')) };
}

describe('runbook validate (no host is contacted)', () => {
  it('playbooks/containerd.yaml with inventory.example.yaml passes, naming what only a run can check', () => {
    const r = runbook([
      'validate',
      join(repo, 'playbooks', 'containerd.yaml'),
      '-i',
      join(repo, 'inventory.example.yaml'),
    ]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(
      /containerd\.yaml: OK \(3 plays, \d+ tasks, 6 template files; \d+ values left for the run\)\n$/,
    );
    expect(r.stdout).to.match(
      /migrate-node\.yaml:\d+:\d+: task "Registry directories \(Docker's mirrors and insecure registries, and containerd_registry_mirrors\)": loop \(docker\)/,
    );
  });

  it('playbooks/demo.yaml passes, and so does apply --syntax-check', () => {
    const args = [join(repo, 'playbooks', 'demo.yaml'), '-i', join(repo, 'inventory.example.yaml')];
    const r = runbook(['validate', ...args]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/demo\.yaml: OK \(1 play, 4 tasks, 1 template file; 0 values left for the run\)\n$/);
    const s = runbook(['apply', ...args, '--syntax-check']);
    expect(s.code).to.equal(0);
    expect(s.stdout).to.equal(r.stdout);
  });

  it('a broken playbook: every error at once, each with file:line, and the hosts it hit; exit 1', () => {
    const dir = project({
      'site.yaml': broken,
      'hosts.yaml': inventory,
      'templates/broken.hbs': 'listen {{#if port_no}}{{port_no}}\n',
      'templates/port.hbs': 'a\nlisten {{port_no}}\n',
    });
    const site = join(dir, 'site.yaml');
    const r = runbook(['validate', site, '-i', join(dir, 'hosts.yaml')]);
    expect(r.code, r.stdout + r.stderr).to.equal(1);
    const out = r.stdout;
    expect(out).to.contain(`${site}:12:7: error: unknown module "kopy"`);
    expect(out).to.match(new RegExp(`${site}:1:3: error: play "first": host pattern "webz".*\\n`));
    // At the expression itself: line 10, the column of missing_var inside "{{app_dir}}/{{missing_var}}".
    expect(out).to.match(new RegExp(`${site}:10:36: error: undefined variable "missing_var"[^]*?on: web1, web2`));
    expect(out)
      .to.contain(`${join(dir, 'templates', 'broken.hbs')}:`)
      .and.contain('template syntax error');
    expect(out).to.match(
      new RegExp(`${join(dir, 'templates', 'port.hbs')}:2:\\d+: error: undefined variable "port_no"[^]*?on: web2\\n`),
    );
    expect(out).to.match(new RegExp(`${site}:17:7: error: file "nowhere.txt" not found`));
    expect(out).to.match(new RegExp(`${site}:22:7: task "uses the probe": arguments \\(probe\\)`));
    expect(out).to.match(/site\.yaml: 6 errors \(2 plays, \d+ tasks, 2 template files\)\n$/);
    noStackTrace(out + r.stderr);
  });

  it('INI and directory inventories, and several -i merged in order, are read as apply reads them', () => {
    const dir = project({
      'site.yaml':
        '- hosts: workers\n  tasks:\n    - name: role file\n      copy: { dest: "{{app_dir}}/{{role}}", content: x }\n',
      'inv/hosts.ini': '[workers]\nw1 ansible_host=127.0.13.250\n\n[workers:vars]\nrole=web\n',
      'inv/group_vars/all.yml': 'app_dir: /etc/app\n',
      'extra/hosts.yaml':
        'all:\n  children:\n    workers:\n      hosts:\n        w2: { ansible_host: 127.0.13.251, role: db }\n',
    });
    const site = join(dir, 'site.yaml');
    for (const sources of [['inv/hosts.ini'], ['inv'], ['inv/hosts.ini', 'extra/hosts.yaml']]) {
      const r = runbook(['validate', site, ...sources.flatMap((s) => ['-i', join(dir, s)])]);
      expect(r.code, `${sources.join(' ')}: ${r.stdout}${r.stderr}`).to.equal(0);
      expect(r.stdout).to.match(/site\.yaml: OK \(1 play, 1 task, 0 template files; 0 values left for the run\)\n$/);
    }
    // Without the first source, nothing sets app_dir: the variables really come from it.
    const alone = runbook(['validate', site, '-i', join(dir, 'extra', 'hosts.yaml')]);
    expect(alone.code).to.equal(1);
    expect(alone.stdout).to.match(/undefined variable "app_dir"[\s\S]*?on: w2\n/);
  });

  it('an inventory that does not load is one error, exit 1', () => {
    const dir = project({ 'site.yaml': '- hosts: all\n  tasks: []\n', 'hosts.yaml': 'all:\n  hosts:\n    - a\n' });
    const r = runbook(['validate', join(dir, 'site.yaml'), '-i', join(dir, 'hosts.yaml')]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(`${join(dir, 'hosts.yaml')}:3:`);
    noStackTrace(r.stderr);
  });

  it(
    'several errors in one task are each reported: two argument typos, a keyword typo, bad values, ' +
      'a broken condition; "content or src" is not blamed on a typo',
    () => {
      const dir = project({
        'hosts.yaml': inventory,
        'site.yaml': [
          '- hosts: all',
          '  tasks:',
          '    - name: two typos',
          '      copy:',
          '        dest: /tmp/x',
          '        contnet: hi',
          '        mdoe: "0644"',
          '    - name: a keyword typo and an argument typo',
          '      whn: true',
          '      copy: { dest: /tmp/y, contnet: hi }',
          '    - name: three bad values',
          '      file: { path: 3, state: bogus, mode: [1] }',
          '    - name: an argument typo and a broken condition',
          '      copy: { dest: /tmp/z, contnet: hi }',
          '      when: x ==',
          '',
        ].join('\n'),
      });
      const { site, r, errors } = validateErrors(dir);
      expect(errors).to.deep.equal([
        `${site}:6:9: error: unknown argument "contnet" in copy; did you mean "content"?`,
        `${site}:7:9: error: unknown argument "mdoe" in copy; did you mean "mode"?`,
        `${site}:9:7: error: unknown key "whn" in task; did you mean "when"?`,
        `${site}:10:29: error: unknown argument "contnet" in copy; did you mean "content"?`,
        `${site}:12:21: error: "path" in file: expected a string, got a whole number`,
        `${site}:12:31: error: "state" in file: "bogus" is not one of file, directory, absent, touch, link or hard`,
        `${site}:12:44: error: "mode" in file: expected a string or a whole number, got a list`,
        `${site}:14:29: error: unknown argument "contnet" in copy; did you mean "content"?`,
        `${site}:15:17: error: expected a value, found the end of the condition`,
      ]);
      expect(r.stdout).to.match(/site\.yaml: 9 errors \(1 play, 0 tasks, 0 template files\)\n$/);
      // apply refuses the same playbook at its first error, before touching a host.
      const apply = runbook(['apply', site, '-i', join(dir, 'hosts.yaml')]);
      expect(apply.code).to.equal(1);
      expect(apply.stderr).to.contain(`${site}:6:9: error: unknown argument "contnet" in copy`);
      noStackTrace(r.stdout + apply.stderr);
    },
  );

  it(
    'an error inside a template points at the expression itself, in the file where it is written: ' +
      'a line of a content: | block, a variable of the inventory or of group_vars',
    () => {
      const dir = project({
        'hosts.yaml':
          'all:\n  hosts:\n    web1: { ansible_host: 127.0.13.250 }\n  vars:\n    big: "{{ nobody_set_this }}"\n',
        'group_vars/all.yml': 'listen:\n  port: "{{ port_typo }}"\n',
        'site.yaml': [
          '- hosts: all',
          '  tasks:',
          '    - name: a block of text',
          '      copy:',
          '        dest: /tmp/motd',
          '        content: |',
          '          line one',
          '          value {{ nope_var }}',
          '    - name: a variable set in the inventory',
          '      copy: { dest: /tmp/big, content: "{{ big }}" }',
          '    - name: a mapping variable from group_vars',
          '      copy: { dest: /tmp/port, content: "{{ listen.port }}" }',
          '    - name: a free-form command',
          '      command: echo {{ undefined_word }}',
          '',
        ].join('\n'),
      });
      const { site, r, errors } = validateErrors(dir);
      expect([...errors].sort()).to.deep.equal([
        `${join(dir, 'group_vars', 'all.yml')}:2:13: error: undefined variable "port_typo"`,
        `${join(dir, 'hosts.yaml')}:5:14: error: undefined variable "nobody_set_this"`,
        `${site}:14:24: error: undefined variable "undefined_word"`,
        `${site}:8:20: error: undefined variable "nope_var"`,
      ]);
      // The line shown is the one named, the caret under the variable.
      expect(r.stdout).to.contain(
        `${site}:8:20: error: undefined variable "nope_var"\n  8 | value {{ nope_var }}\n               ^\n`,
      );
      expect(r.stdout).not.to.contain('variable big:');
    },
  );

  it('an error inside a variable of an INI inventory points at the value on its line: a host line, a :vars section', () => {
    const dir = project({
      'hosts.ini':
        '[web]\nweb1 ansible_host=127.0.13.250 motd="hi {{ host_typo }}"\n\n[all:vars]\nbig = {{ group_typo }}\n',
      'site.yaml':
        '- hosts: all\n  tasks:\n    - copy: { dest: /tmp/m, content: "{{ motd }}" }\n    - copy: { dest: /tmp/b, content: "{{ big }}" }\n',
    });
    const site = join(dir, 'site.yaml');
    const r = runbook(['validate', site, '-i', join(dir, 'hosts.ini')]);
    expect(r.code, r.stdout + r.stderr).to.equal(1);
    const ini = join(dir, 'hosts.ini');
    expect(
      r.stdout
        .split('\n')
        .filter((l) => l.includes(': error: '))
        .sort(),
    ).to.deep.equal([
      `${ini}:2:44: error: undefined variable "host_typo"`,
      `${ini}:5:10: error: undefined variable "group_typo"`,
    ]);
  });

  it('a task with ignore_errors that fails on purpose is said, not an error; its refused arguments still are', () => {
    const dir = project({
      'hosts.yaml': inventory,
      'site.yaml':
        '- hosts: web1\n  tasks:\n' +
        '    - name: probe a file that is not there\n' +
        "      debug: { msg: \"{{ lookup('file', '/nonexistent/runbook') }}\" }\n" +
        '      ignore_errors: true\n' +
        '    - name: a misspelt argument\n' +
        '      copy: { dest: /tmp/x, contnt: x }\n' +
        '      ignore_errors: true\n',
    });
    const { site, r, errors } = validateErrors(dir);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(new RegExp(`^${site}:7:\\d+: error: unknown argument "contnt" in copy`));
    expect(r.stdout).to.contain(
      `${site}:3:7: task "probe a file that is not there": arguments (fails, ignore_errors: lookup('file'): cannot read /nonexistent/runbook`,
    );
    noStackTrace(r.stdout + r.stderr);
  });
});
