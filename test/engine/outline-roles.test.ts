// --list-tasks and `runbook validate` see through static imports and roles;
// dynamic includes are listed as such.
import { expect } from 'chai';
import { join } from 'node:path';
import { outlinePlaybook } from '../../src/engine/playbook-outline.js';
import { validatePlaybook } from '../../src/engine/validate-playbook.js';
import { formatError } from '../../src/errors.js';
import { moduleCatalog } from '../../src/modules/registry.js';
import { loadInventory } from '../../src/parse/inventory.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { project } from '../support/run.js';

const files = {
  'inventory.yaml': 'all:\n  hosts:\n    n1: { ansible_host: 127.0.13.250 }\n',
  'site.yaml': `- hosts: all
  pre_tasks:
    - { name: pre, command: "true" }
  roles:
    - { role: web, tags: [web] }
  tasks:
    - import_role: { name: web, tasks_from: extra }
    - name: per os
      include_tasks: "{{ os }}.yaml"
    - include_role: { name: web }
      tags: [dyn]
    - include_vars: more.yaml
    - { name: uses included, command: "echo {{ from_file }}" }
- import_playbook: other.yaml
`,
  'other.yaml': '- hosts: all\n  tasks:\n    - { name: other, command: "true" }\n',
  'more.yaml': 'from_file: x\n',
  'roles/web/defaults/main.yml': 'port: 80\n',
  'roles/web/tasks/main.yml': '- { name: config, template: { src: web.conf, dest: /etc/web.conf } }\n',
  'roles/web/tasks/extra.yml': '- { name: extra, command: "echo {{ port }}" }\n',
  'roles/web/templates/web.conf': 'port {{ port }}\n',
};

describe('outline and validate with roles and includes', () => {
  it('--list-tasks shows role tasks as "role : task" and dynamic includes as such, across imported playbooks', () => {
    const dir = project(files);
    const pb = loadPlaybook(join(dir, 'site.yaml'), moduleCatalog);
    const outline = outlinePlaybook(pb, loadInventory([join(dir, 'inventory.yaml')]));
    expect(outline.map((p) => p.tasks.map((t) => t.name))).to.deep.equal([
      [
        'pre',
        'web : config',
        'web : extra',
        'per os (dynamic, read at run time)',
        'include_role: web (dynamic, read at run time)',
        'include_vars: more.yaml (dynamic, read at run time)',
        'uses included',
      ],
      ['other'],
    ]);
    expect(outline[0]!.tasks[1]!.tags).to.deep.equal(['web']);
    const tagged = outlinePlaybook(pb, loadInventory([join(dir, 'inventory.yaml')]), { tags: ['dyn'] });
    expect(tagged[0]!.tasks.map((t) => t.name)).to.deep.equal(['include_role: web (dynamic, read at run time)']);
  });

  it("validate renders role tasks and templates with the role's defaults, and lists dynamic includes as not checked", () => {
    const dir = project(files);
    const pb = loadPlaybook(join(dir, 'site.yaml'), moduleCatalog);
    const report = validatePlaybook(pb, loadInventory([join(dir, 'inventory.yaml')]), moduleCatalog);
    expect(report.errors.map((e) => formatError(e.error))).to.deep.equal([]);
    expect(report.templates).to.equal(1);
    // What include_vars reads is known to come at run time: the task that uses it is not an error.
    expect(report.skipped.map((s) => `${s.what} (${s.needs})`)).to.have.members([
      'include_tasks {{ os }}.yaml (dynamic include, read at run time)',
      'include_role web (dynamic include, read at run time)',
      'include_vars more.yaml (dynamic include, read at run time)',
      'arguments (from_file)',
    ]);
  });

  it("validate finds an error in a role's template, naming the template file", () => {
    const dir = project({ ...files, 'roles/web/templates/web.conf': 'port {{ nope }}\n' });
    const pb = loadPlaybook(join(dir, 'site.yaml'), moduleCatalog);
    const report = validatePlaybook(pb, loadInventory([join(dir, 'inventory.yaml')]), moduleCatalog);
    expect(report.errors.map((e) => formatError(e.error)).join('\n'))
      .to.contain(join(dir, 'roles/web/templates/web.conf'))
      .and.contain('nope');
  });

  it('every corpus playbook validates offline (roles, imports and includes seen through)', () => {
    const corpus = fileURLToPath(new URL('../../../test/ansible-corpus/', import.meta.url));
    const dir = project({
      'inventory.yaml':
        'all:\n  hosts:\n' +
        ['node1', 'node2', 'node3'].map((n, i) => `    ${n}: { ansible_host: 127.0.13.${250 + i} }\n`).join(''),
    });
    // handler-not-found is refused when it loads, as its test says.
    const names = readdirSync(corpus).filter((n) => !n.startsWith('expr-') && n !== 'handler-not-found');
    expect(names.length).to.be.greaterThan(18);
    for (const name of names) {
      const sources = [
        join(dir, 'inventory.yaml'),
        ...(name === 'ini-inventory' ? [join(corpus, name, 'inventory.ini')] : []),
      ];
      const rolesPath =
        name === 'roles-path' ? [join(corpus, name, 'site-roles'), join(corpus, name, 'env-roles')] : [];
      const pb = loadPlaybook(join(corpus, name, 'playbook.yaml'), moduleCatalog, undefined, { rolesPath });
      // The playbook's group_vars/ and host_vars/ too, as apply and validate read them.
      const report = validatePlaybook(pb, loadInventory(sources, [join(corpus, name)]), moduleCatalog, {
        extraVars: {
          local_dir: '/tmp',
          ...(name === 'get-url-uri' ? { base: 'http://127.0.0.1:8080/', sha: '0'.repeat(64) } : {}),
          ...(['dnf-packages', 'dnf-downgrade', 'uri-files', 'apt-upgrade-deb', 'package-dnf'].includes(name)
            ? { base: 'http://127.0.0.1:8080/' }
            : {}),
        },
      });
      const errors = report.errors.map((e) => formatError(e.error));
      // A corpus case about a failure Ansible has at run time: validate finds it first.
      if (name === 'with-list-mapping')
        expect(
          errors.map((e) => /playbook\.yaml:11:11: error: with_list expects a list/.test(e)),
          name,
        ).to.deep.equal([true]);
      else expect(errors, name).to.deep.equal([]);
    }
  });
});
