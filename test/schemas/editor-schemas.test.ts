import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { moduleCatalog } from '../../src/modules/registry.js';
import { argAliases, moduleKeys } from '../../src/parse/module-names.js';
import { loadInventory } from '../../src/parse/inventory.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import { readYamlFile } from '../../src/parse/yaml-source.js';
import { editorSchemaFiles, schemaText } from '../../src/schema/editor/editor-schemas.js';
import { tempFiles } from '../parse/support.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const shipped = join(repo, 'schemas');
const generated = editorSchemaFiles(moduleCatalog, { keys: moduleKeys, argAliases });

// As an editor would: draft-07, runbook's errorHint keyword known, union types allowed.
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false });
ajv.addKeyword({ keyword: 'errorHint', schemaType: 'string' });
const validator = (name: string): ValidateFunction =>
  ajv.compile(JSON.parse(readFileSync(join(shipped, name), 'utf8')) as object);
const playbookSchema = validator('playbook.schema.json');
const taskFileSchema = validator('tasks.schema.json');
const inventorySchema = validator('inventory.schema.json');
const varsFileSchema = validator('vars.schema.json');

/** The file as runbook reads it (YAML 1.1, Ansible's tags). */
const data = (file: string): unknown => readYamlFile(file, 'playbook').data;
const yamlText = (text: string): unknown => data(join(tempFiles({ 'f.yaml': text }), 'f.yaml'));

function errorsOf(validate: ValidateFunction, value: unknown): string {
  validate(value);
  return JSON.stringify(validate.errors?.slice(0, 3) ?? []);
}

function accepts(validate: ValidateFunction, value: unknown, what: string): void {
  expect(validate(value), `${what} rejected: ${errorsOf(validate, value)}`).to.equal(true);
}

function rejects(validate: ValidateFunction, value: unknown, what: string): void {
  expect(validate(value), `${what} accepted`).to.equal(false);
}

const yamlFilesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f));

describe('editor schemas (schemas/): generated from the schemas that validate', () => {
  it('the shipped files are the generated ones (regenerate: npm run schemas)', () => {
    expect(generated.size).to.equal(4 + moduleCatalog.size);
    for (const [name, schema] of generated) {
      const file = join(shipped, name);
      expect(existsSync(file), `schemas/${name} is missing`).to.equal(true);
      expect(readFileSync(file, 'utf8'), `schemas/${name} is stale`).to.equal(schemaText(schema));
    }
    const moduleFiles = readdirSync(join(shipped, 'modules')).map((f) => `modules/${f}`);
    expect(moduleFiles.sort()).to.deep.equal([...generated.keys()].filter((n) => n.startsWith('modules/')).sort());
  });

  it("each module file takes exactly the module's arguments, and Ansible's aliases for them", () => {
    for (const [name, spec] of moduleCatalog) {
      const file = JSON.parse(readFileSync(join(shipped, 'modules', `${name}.schema.json`), 'utf8')) as {
        properties?: object;
      };
      const own = Object.keys((spec.schema as { properties?: object }).properties ?? {});
      expect(Object.keys(file.properties ?? {}).sort(), name).to.deep.equal(
        [...own, ...Object.keys(argAliases(name))].sort(),
      );
    }
  });

  it('accepts every playbook, task file and YAML inventory in the repository', () => {
    const playbooks = [
      ...['containerd.yaml', 'demo.yaml', 'docker-cleanup.yaml'].map((f) => join(repo, 'playbooks', f)),
      ...yamlFilesUnder(join(repo, 'test', 'ansible-corpus')).filter((f) => f.endsWith('playbook.yaml')),
    ];
    expect(playbooks.length).to.be.at.least(7);
    for (const file of playbooks) accepts(playbookSchema, data(file), file);
    accepts(taskFileSchema, data(join(repo, 'playbooks', 'containerd', 'migrate-node.yaml')), 'migrate-node.yaml');
    const inventories = [
      join(repo, 'inventory.example.yaml'),
      ...[
        'kubespray/hosts.yaml',
        'nested/hosts.yaml',
        'precedence/hosts.yaml',
        'directory/20-cluster.yaml',
        'merge/b/cluster.yaml',
      ].map((f) => join(repo, 'test', 'fixtures', 'inventory', f)),
    ];
    for (const file of inventories) {
      expect(loadInventory(file).hosts.size, `${file} loads`).to.be.above(0);
      accepts(inventorySchema, data(file), file);
    }
  });

  it('agrees with the loader on the parse fixtures: what loads is accepted, a malformed playbook is rejected', () => {
    const dir = join(repo, 'test', 'fixtures', 'parse');
    const malformed = [
      'arg-typo.yaml',
      'no-module.yaml',
      'play-key-typo.yaml',
      'two-modules.yaml',
      'wrong-arg-type.yaml',
    ];
    const yamlErrors = ['syntax-error.yaml', 'duplicate-key.yaml'];
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml') && !yamlErrors.includes(f))) {
      const file = join(dir, name);
      let loads = true;
      try {
        loadPlaybook(file, moduleCatalog);
      } catch {
        loads = false;
      }
      expect(loads, `${name}: the loader's verdict`).to.equal(!malformed.includes(name));
      if (loads) accepts(playbookSchema, data(file), name);
      else rejects(playbookSchema, data(file), name);
    }
  });

  it('rejects the malformed inventories: a group key typo, hosts or host variables as a list', () => {
    for (const name of ['group-key-typo.yaml', 'hosts-list.yaml', 'host-vars-list.yaml']) {
      rejects(inventorySchema, data(join(repo, 'test', 'fixtures', 'inventory', 'bad', name)), name);
    }
  });

  it('accepts every group_vars and host_vars file of the inventory fixtures, and rejects variables given as a list', () => {
    const dir = join(repo, 'test', 'fixtures', 'inventory');
    const varsFiles = yamlFilesUnder(dir).filter((f) => /\/(group|host)_vars\//.test(f));
    const bad = varsFiles.filter((f) => f.includes('/bad-group-vars/'));
    expect(varsFiles.length - bad.length).to.be.at.least(8);
    expect(bad).to.have.length(1);
    for (const file of varsFiles) {
      if (bad.includes(file)) rejects(varsFileSchema, data(file), file);
      else accepts(varsFileSchema, data(file), file);
    }
  });

  it('a template string stands wherever the loader lets one stand: numbers, booleans, lists, patterns', () => {
    const play = yamlText(`
- hosts: all
  serial: "{{ batch }}"
  tasks:
    - wait_for: {port: "{{ api_port }}", timeout: "{{ t }}"}
      timeout: "{{ task_timeout }}"
      ignore_errors: "{{ lenient }}"
    - copy: {dest: "{{ dir }}/a", content: x, mode: "{{ mode }}", backup: "{{ keep }}"}
    - docker_info: {merge_registries: "{{ containerd_registry_mirrors }}"}
    - k8s_node: {name: n1, action: drain, timeout: "{{ api_timeout }}"}
      loop: "{{ nodes }}"
`);
    accepts(playbookSchema, play, 'templated values');
    rejects(
      playbookSchema,
      yamlText('- hosts: all\n  tasks:\n    - wait_for: {port: "eighty"}\n'),
      'a port that is text without a template',
    );
    rejects(
      playbookSchema,
      yamlText('- hosts: all\n  tasks:\n    - copy: {dest: /a, content: x, mode: "644x"}\n'),
      'a mode that is no mode',
    );
    rejects(
      playbookSchema,
      yamlText('- hosts: all\n  vars:\n    "{{ name }}": 1\n'),
      'a template as a variable name (keys are never rendered)',
    );
  });

  it("takes Ansible's names: FQCNs, service with its aliases, copy's path, key=value and free-form strings", () => {
    const play = yamlText(`
- hosts: all
  tasks:
    - ansible.builtin.copy: {path: /etc/motd, content: hi}
    - ansible.builtin.service: {name: containerd, state: restarted}
    - service: {unit: containerd, enabled: true}
    - ansible.posix.systemd: {service: kubelet, daemon-reload: true}
    - ansible.legacy.command: uptime
    - file: path=/etc/x state=directory
    - setup:
`);
    accepts(playbookSchema, play, 'Ansible names');
    expect(
      loadPlaybook(join(tempFiles({ 'p.yaml': JSON.stringify(play) }), 'p.yaml'), moduleCatalog).plays[0]?.tasks,
    ).to.have.length(7);
    rejects(
      playbookSchema,
      yamlText('- hosts: all\n  tasks:\n    - copy: {content: hi}\n'),
      'copy without dest or path',
    );
    rejects(playbookSchema, yamlText('- hosts: all\n  tasks:\n    - copy:\n'), 'copy with no arguments');
    rejects(playbookSchema, yamlText('- hosts: all\n  tasks:\n    - pip: {name: x}\n'), 'a module runbook lacks');
  });

  it("the README's yaml-language-server examples name a shipped schema, which accepts them", () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/```yaml\n# yaml-language-server: \$schema=(\S+)\n([\s\S]*?)```/g)];
    expect(examples.map((m) => (m[1] as string).split('/').pop()).sort()).to.deep.equal([
      'inventory.schema.json',
      'playbook.schema.json',
    ]);
    for (const [, path, text] of examples) {
      const name = (path as string).split('/').pop() as string;
      accepts(validator(name), yamlText(text as string), `README example for ${name}`);
    }
  });

  it('checks blocks, imports and handlers as the loader does', () => {
    const play = yamlText(`
- hosts: all
  tasks:
    - block:
        - command: uptime
      rescue:
        - debug: {msg: failed}
      when: x is defined
    - import_tasks: other.yaml
      tags: [a]
  handlers:
    - name: restart
      listen: restart all
      systemd: {name: containerd, state: restarted}
`);
    accepts(playbookSchema, play, 'block, import, handler');
    rejects(
      playbookSchema,
      yamlText('- hosts: all\n  tasks:\n    - block: []\n      command: uptime\n'),
      'a block with a module',
    );
    rejects(playbookSchema, yamlText('- hosts: all\n  handlers:\n    - command: uptime\n'), 'a handler without a name');
  });
});
