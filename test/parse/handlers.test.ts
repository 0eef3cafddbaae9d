// Handlers as ansible-core 2.14 reads them (issue 28 item 7), and the task forms
// its integration targets use: a null or empty task name, vars as a list of
// mappings, import_role / include_role written as name=ROLE. What ansible-playbook
// did with the same input is written beside each case.
import { expect } from 'chai';
import { join } from 'node:path';
import { moduleCatalog } from '../../src/modules/registry.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import type { BlockTask, Handler, IncludeTask, ModuleTask } from '../../src/types/playbook.js';
import { runbookError, tempFiles, testModules } from './support.js';

const load = (files: Record<string, string>) => {
  const dir = tempFiles(files);
  return { dir, playbook: () => loadPlaybook(join(dir, 'site.yaml'), testModules) };
};
const play = (handlers: string, tasks = '    - command: echo\n') =>
  `- hosts: all\n  tasks:\n${tasks}  handlers:\n${handlers}`;
const shape = (h: Handler) => ({
  kind: h.kind,
  name: h.name,
  listen: h.listen,
  line: h.source.line,
});

describe('handlers', () => {
  it('an include_tasks handler is an include answering to its name and listen topics; a listen-only one has no name', () => {
    const { dir, playbook } = load({
      'site.yaml': play(
        '    - name: cleanup\n      include_tasks: cleanup.yaml\n      when: go\n' +
          '    - listen: [restart web]\n      command: echo restarted\n' +
          '    - listen: topic\n      include_tasks: cleanup.yaml\n',
      ),
      'cleanup.yaml': '- command: echo clean\n',
    });
    const handlers = playbook().plays[0]!.handlers;
    expect(handlers.map(shape)).to.deep.equal([
      { kind: 'include', name: 'cleanup', listen: [], line: 5 },
      { kind: 'module', name: undefined, listen: ['restart web'], line: 8 },
      { kind: 'include', name: undefined, listen: ['topic'], line: 10 },
    ]);
    const include = handlers[0] as IncludeTask;
    expect(include).to.deep.include({ action: 'include_tasks', target: 'cleanup.yaml', baseDir: dir });
    expect(include.when.map((c) => c.value)).to.deep.equal(['go']);
  });

  it("an import_tasks handler is its file's tasks, each a handler of its own name with the import's keywords", () => {
    // ansible-playbook 2.14: notifying the import's own name fails ("The requested handler 'byimport' was not
    // found"); notifying an imported task's name runs that task alone.
    const { dir, playbook } = load({
      'site.yaml': play(
        '    - name: byimport\n      import_tasks: handlers/more.yaml\n      when: go\n',
        '    - command: echo\n      notify: second\n',
      ),
      'handlers/more.yaml': '- name: first\n  command: echo 1\n- name: second\n  listen: both\n  command: echo 2\n',
    });
    const handlers = playbook().plays[0]!.handlers as (ModuleTask & Handler)[];
    expect(handlers.map(shape)).to.deep.equal([
      { kind: 'module', name: 'first', listen: [], line: 1 },
      { kind: 'module', name: 'second', listen: ['both'], line: 3 },
    ]);
    expect(handlers[1]!.source.file).to.equal(join(dir, 'handlers/more.yaml'));
    expect(handlers.map((h) => h.when.map((c) => c.value))).to.deep.equal([['go'], ['go']]);
    // The import's own name answers to nothing, as in Ansible.
    const { playbook: byImport } = load({
      'site.yaml': play(
        '    - name: byimport\n      import_tasks: more.yaml\n',
        '    - command: echo\n      notify: byimport\n',
      ),
      'more.yaml': '- name: first\n  command: echo 1\n',
    });
    expect(runbookError(byImport).message).to.match(/The requested handler 'byimport' was not found/);
  });

  it('a meta task can be a handler', () => {
    const dir = tempFiles({ 'site.yaml': play('    - name: noop_handler\n      meta: noop\n') });
    expect(loadPlaybook(join(dir, 'site.yaml'), moduleCatalog).plays[0]!.handlers[0]).to.deep.include({
      kind: 'meta',
      action: 'noop',
      name: 'noop_handler',
    });
  });

  it('a block, include_role or import_role as a handler, and listen beside import_tasks, are refused at their line', () => {
    // ansible-playbook 2.14: "Using a block as a handler is not supported.", "Using 'include_role' as a handler is
    // not supported."; listen beside import_tasks it ignores, and a notify of that topic fails.
    const cases: [string, number, RegExp][] = [
      ['    - name: h\n      block:\n        - command: echo\n', 6, /a block cannot be a handler/],
      ['    - name: h\n      include_role: { name: web }\n', 6, /include_role cannot be a handler/],
      ['    - name: h\n      ansible.builtin.import_role: { name: web }\n', 6, /import_role cannot be a handler/],
      ['    - import_tasks: more.yaml\n      listen: t\n', 6, /listen beside import_tasks answers to nothing/],
      ['    - command: echo\n', 5, /a handler needs a name or a listen topic/],
      ['    - name:\n      command: echo\n', 5, /a handler needs a name or a listen topic/],
    ];
    for (const [handlers, line, message] of cases) {
      const { dir, playbook } = load({ 'site.yaml': play(handlers), 'more.yaml': '- name: a\n  command: echo\n' });
      const e = runbookError(playbook);
      expect(e.message, handlers).to.match(message);
      expect(e.source, handlers).to.deep.include({ file: join(dir, 'site.yaml'), line });
      expect(e.hint, handlers).to.be.a('string').and.not.equal('');
    }
  });

  it("a role's include_tasks handler finds its file in the role's tasks/ when it is not beside the handlers file", () => {
    const { dir, playbook } = load({
      'site.yaml': '- hosts: all\n  roles: [web]\n',
      'roles/web/tasks/main.yaml': '- command: echo\n  notify: cleanup\n',
      'roles/web/tasks/cleanup.yaml': '- command: echo clean\n',
      'roles/web/handlers/main.yaml': '- name: cleanup\n  include_tasks: cleanup.yaml\n',
    });
    const [handler] = playbook().plays[0]!.handlers as [IncludeTask & Handler];
    expect(handler).to.deep.include({ kind: 'include', name: 'cleanup', listen: ['web : cleanup'] });
    expect(handler.role?.dir).to.equal(join(dir, 'roles/web'));
  });

  // ansible-core 2.14's handlers target: roles/test_handlers_include/handlers/main.yml imports handlers.yml,
  // which only the playbook's directory has; ansible-playbook loads it from there.
  it("a role's import_tasks not beside the importing file is found beside the playbook; missing in both, both are named", () => {
    const { dir, playbook } = load({
      'site.yaml': '- hosts: all\n  roles: [web]\n',
      'handlers.yml': '- name: test handler\n  command: echo handled\n',
      'roles/web/tasks/main.yaml': '- command: echo\n  notify: test handler\n',
      'roles/web/handlers/main.yaml': '- import_tasks: handlers.yml\n',
    });
    const [handler] = playbook().plays[0]!.handlers as [ModuleTask & Handler];
    expect(handler).to.deep.include({ kind: 'module', name: 'test handler' });
    expect(handler.source.file).to.equal(join(dir, 'handlers.yml'));
    const missing = load({
      'site.yaml': '- hosts: all\n  roles: [web]\n',
      'roles/web/tasks/main.yaml': '- command: echo\n',
      'roles/web/handlers/main.yaml': '- import_tasks: handlers.yml\n',
    });
    const err = runbookError(missing.playbook);
    expect(err.message).to.equal(
      `task file handlers.yml not found (looked for ${join(missing.dir, 'roles/web/handlers/handlers.yml')}, ` +
        `${join(missing.dir, 'handlers.yml')})`,
    );
  });
});

describe('task forms of the integration targets', () => {
  it('a task or block with a null or empty name has no name (shown by its module, as ansible-playbook shows it)', () => {
    const { playbook } = load({
      'site.yaml':
        "- hosts: all\n  tasks:\n    - name:\n      command: echo\n    - name: ''\n      command: echo\n    - name:\n      block:\n        - command: echo\n",
    });
    const tasks = playbook().plays[0]!.tasks;
    expect(tasks.map((t) => [t.kind, t.name])).to.deep.equal([
      ['module', undefined],
      ['module', undefined],
      ['block', undefined],
    ]);
  });

  it('vars as a list of mappings are merged in order, on a play, a block and a task', () => {
    // ansible-playbook 2.14 with play vars [{a: 1}, {b: 2}] printed a + b = 3.
    const { playbook } = load({
      'site.yaml':
        '- hosts: all\n  vars:\n    - a: 1\n    - b: 2\n    - a: 3\n  tasks:\n    - block:\n        - ' +
        'command: echo\n          vars: [{c: 1}, {d: 2}]\n      vars:\n        - e: 5\n',
    });
    const p = playbook().plays[0]!;
    expect(p.vars).to.deep.equal({ a: 3, b: 2 });
    const block = p.tasks[0] as BlockTask;
    expect(block.vars).to.deep.equal({ e: 5 });
    expect((block.block[0] as ModuleTask).vars).to.deep.equal({ e: 5, c: 1, d: 2 });
  });

  it('a list of vars with a bad name is refused at its line', () => {
    const { dir, playbook } = load({ 'site.yaml': '- hosts: all\n  vars:\n    - a: 1\n    - 2bad: 2\n  tasks: []\n' });
    const e = runbookError(playbook);
    expect(e.message).to.equal('invalid key "2bad" in "vars.1" of play');
    expect(e.source).to.deep.equal({ file: join(dir, 'site.yaml'), line: 4, col: 7 });
    expect(e.hint).to.contain('variable names use letters, digits and _');
  });

  it('import_role and include_role written as name=ROLE tasks_from=FILE; a bare role name is refused with the form to write', () => {
    // ansible-playbook 2.14 ran "import_role: name=r1 tasks_from=other" and "include_role: name=r1", and refused
    // "include_role: r1" with "'name' is a required field for include_role."
    const { playbook } = load({
      'site.yaml':
        '- hosts: all\n  tasks:\n    - import_role: name=web tasks_from=other\n    - include_role: name=web tasks_from=other\n',
      'roles/web/tasks/main.yaml': '- command: echo main\n',
      'roles/web/tasks/other.yaml': '- name: other\n  command: echo other\n',
    });
    const [imported, included] = playbook().plays[0]!.tasks as [BlockTask, IncludeTask];
    expect(JSON.stringify(imported)).to.contain('"name":"other"');
    expect(included).to.deep.include({ kind: 'include', action: 'include_role', target: 'web', tasksFrom: 'other' });
    const { dir, playbook: bare } = load({
      'site.yaml': '- hosts: all\n  tasks:\n    - include_role: web\n',
      'roles/web/tasks/main.yaml': '- command: echo main\n',
    });
    const e = runbookError(bare);
    expect(e.message).to.equal('include_role takes name=ROLE (or a mapping), not "web"');
    expect(e.source).to.deep.include({ file: join(dir, 'site.yaml'), line: 3 });
    expect(e.hint).to.contain('include_role: name=web');
  });
});
