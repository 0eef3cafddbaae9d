// `runbook validate` on what Kubespray's roles do before they read a value: a
// role default replaced by include_vars (a file only the run can name) or by a
// set_fact, and facts set on localhost by a delegated set_fact read back as
// hostvars.localhost (issue 28). validate leaves those for the run instead of
// failing on the default's value or on a key localhost does not have yet.
import { expect } from 'chai';
import { join } from 'node:path';
import { project } from '../support/run.js';
import { noStackTrace, runbook } from './support.js';

// Addresses nothing listens on: validate never connects.
const inventory = 'all:\n  hosts:\n    node1: { ansible_host: 127.0.13.250, port_no: 80 }\n';

/** `runbook validate site.yaml` of a project with these files (and the inventory above). */
function validate(files: Record<string, string>): { dir: string; site: string; r: ReturnType<typeof runbook> } {
  const dir = project({ 'hosts.yaml': inventory, ...files });
  const site = join(dir, 'site.yaml');
  const r = runbook(['validate', site, '-i', join(dir, 'hosts.yaml')]);
  noStackTrace(r.stdout + r.stderr);
  return { dir, site, r };
}

describe('runbook validate: values a run replaces before a task reads them', () => {
  it('a role default replaced by include_vars of a first_found file, or by set_fact, is left for the run', () => {
    const { dir, r } = validate({
      'site.yaml': '- hosts: all\n  roles:\n    - repo\n',
      'roles/repo/defaults/main.yml': 'repo_info:\n  repos:\nconf_dir: /etc/app\n',
      'roles/repo/vars/debian.yml': 'repo_info:\n  repos: ["deb http://example.invalid/debian stable main"]\n',
      'roles/repo/tasks/main.yml': [
        '- name: checked with the inventory value, before the set_fact',
        '  copy: { dest: "/tmp/{{ port_no }}", content: x }',
        '- name: os specific variables',
        '  include_vars: "{{ item }}"',
        '  with_first_found:',
        '    - files: ["{{ ansible_distribution | lower }}.yml"]',
        '      skip: true',
        '- name: the repository the vars file names',
        '  apt_repository: { repo: "{{ item }}", state: absent }',
        '  with_items: "{{ repo_info.repos }}"',
        '- name: a port the run sets',
        '  set_fact: { port_no: "{{ ansible_default_ipv4.address | default(\'x\') }}" }',
        '- name: reads the port',
        '  copy: { dest: "/tmp/port-{{ port_no | int }}", content: x }',
        '',
      ].join('\n'),
    });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    const tasks = join(dir, 'roles/repo/tasks/main.yml');
    expect(r.stdout).to.contain(`${tasks}:8:3: task "the repository the vars file names": loop (repo_info)`);
    expect(r.stdout).to.contain(`${tasks}:13:3: task "reads the port": arguments (port_no)`);
    expect(r.stdout).not.to.contain('checked with the inventory value');
  });

  it("facts a delegated set_fact puts on localhost are read as hostvars.localhost and hostvars['localhost']", () => {
    const { site, r } = validate({
      'site.yaml': [
        '- hosts: all',
        '  tasks:',
        '    - name: on localhost',
        '      set_fact: { base_ips: "node1: 10.0.0.1" }',
        '      delegate_to: localhost',
        '      delegate_facts: true',
        '      run_once: true',
        '    - name: read with a dot',
        '      copy: { dest: /tmp/a, content: "{{ hostvars.localhost.base_ips | from_yaml }}" }',
        '    - name: read with a subscript',
        "      copy: { dest: /tmp/b, content: \"{{ hostvars['localhost']['base_ips'] }}\" }",
        '    - name: a key nothing sets is still an error',
        '      copy: { dest: /tmp/c, content: "{{ hostvars.localhost.nobody_sets_this }}" }',
        '',
      ].join('\n'),
    });
    expect(r.code, r.stdout + r.stderr).to.equal(1);
    const errors = r.stdout.split('\n').filter((l) => l.includes(': error: '));
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain('"hostvars.localhost" has no key "nobody_sets_this"');
    expect(r.stdout).to.contain(`${site}:8:7: task "read with a dot": arguments (base_ips)`);
    expect(r.stdout).to.contain(`${site}:10:7: task "read with a subscript": arguments (base_ips)`);
  });
});
