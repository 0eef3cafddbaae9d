import { expect } from 'chai';
import { join } from 'node:path';
import { formatError } from '../../src/errors.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import type { BlockTask, IncludeTask, ModuleTask, Task } from '../../src/types/playbook.js';
import { runbookError, tempFiles, testModules } from './support.js';

const load = (files: Record<string, string>, rolesPath: string[] = []) => {
  const dir = tempFiles(files);
  return {
    dir,
    playbook: () =>
      loadPlaybook(join(dir, 'site.yaml'), testModules, undefined, { rolesPath: rolesPath.map((p) => join(dir, p)) }),
  };
};

function modules(tasks: readonly Task[]): ModuleTask[] {
  return tasks.flatMap((t) =>
    t.kind === 'module' ? [t] : t.kind === 'block' ? modules([...t.block, ...t.rescue, ...t.always]) : [],
  );
}

const play = (roles: string, tasks = '') => `- hosts: all\n  roles:\n${roles}${tasks ? `  tasks:\n${tasks}` : ''}`;

describe('roles', () => {
  it('loads a role as a block: dependencies first, once for the same parameters; its defaults, vars and handlers', () => {
    const { dir, playbook } = load({
      'site.yaml': play('    - web\n    - { role: api, when: go, tags: [api] }\n'),
      'roles/common/tasks/main.yaml': '- name: common\n  command: echo {{ marker }}\n',
      'roles/web/meta/main.yml': 'dependencies: [common]\n',
      'roles/web/defaults/main.yml': 'port: 80\n',
      'roles/web/vars/main.yml': 'user: www\n',
      'roles/web/tasks/main.yml': '- name: web\n  command: echo web\n  notify: restart web\n',
      'roles/web/handlers/main.yml': '- name: restart web\n  command: echo restart\n',
      'roles/api/meta/main.yml': 'dependencies:\n  - common\n  - role: common\n    marker: other\n',
      'roles/api/tasks/main.yml': '- name: api\n  command: echo api\n',
    });
    const p = playbook().plays[0]!;
    const tasks = modules(p.roles);
    expect(tasks.map((t) => `${t.role?.name}:${t.name}`)).to.deep.equal([
      'common:common',
      'web:web',
      'common:common',
      'api:api',
    ]);
    const web = tasks[1]!;
    expect(web.role).to.deep.include({ dir: join(dir, 'roles/web'), defaults: { port: 80 }, vars: { user: 'www' } });
    expect(web.source).to.deep.equal({ file: join(dir, 'roles/web/tasks/main.yml'), line: 1, col: 3 });
    // The entry's when and tags reach the role's dependency and its own tasks; a role's parameters are role
    // params (above set_fact), which its dependencies see too (ansible-core 2.14: corpus case role-params-scope).
    expect(tasks[2]!.params).to.deep.equal({ marker: 'other' });
    expect(tasks[3]!.tags).to.deep.equal(['api']);
    expect(tasks[2]!.when.map((c) => c.value)).to.deep.equal(['go']);
    expect(p.handlers.map((h) => [h.name, h.role?.name])).to.deep.equal([['restart web', 'web']]);
  });

  it('finds roles beside the playbook, then in the roles path; a missing one says where it looked', () => {
    const files = { 'site.yaml': play('    - shared\n'), 'lib/shared/tasks/main.yml': '- command: echo shared\n' };
    const { playbook } = load(files, ['nowhere', 'lib']);
    expect(modules(playbook().plays[0]!.roles)[0]!.role!.name).to.equal('shared');
    const { dir, playbook: without } = load(files);
    const e = runbookError(without);
    expect(e.message).to.equal(
      `role "shared" not found; looked in ${join(dir, 'roles/shared')}, ${join(dir, 'shared')}`,
    );
    expect(e.source).to.deep.include({ file: join(dir, 'site.yaml'), line: 3, col: 7 });
    expect(e.hint).to.contain('--roles-path');
  });

  it("an error inside a role names the role's file, line and column", () => {
    const { dir, playbook } = load({
      'site.yaml': play('    - web\n'),
      'roles/web/tasks/main.yml': '- name: fine\n  command: echo\n- name: typo\n  comand: echo\n',
    });
    const e = runbookError(playbook);
    expect(e.source).to.deep.equal({ file: join(dir, 'roles/web/tasks/main.yml'), line: 4, col: 3 });
    expect(formatError(e)).to.contain('did you mean "command"');
  });

  it('a dependency cycle and a bad dependency list are errors in meta/main.yml', () => {
    const cyc = load({
      'site.yaml': play('    - a\n'),
      'roles/a/meta/main.yml': 'dependencies: [b]\n',
      'roles/a/tasks/main.yml': '- command: echo a\n',
      'roles/b/meta/main.yml': 'dependencies:\n  - role: a\n',
    });
    const e = runbookError(cyc.playbook);
    expect(e.message).to.match(/^role dependency cycle: .*roles\/a → .*roles\/b → .*roles\/a$/);
    expect(e.source).to.deep.include({ file: join(cyc.dir, 'roles/b/meta/main.yml'), line: 2 });
    const bad = load({ 'site.yaml': play('    - a\n'), 'roles/a/meta/main.yml': 'dependencies: common\n' });
    expect(runbookError(bad.playbook).message).to.equal('dependencies must be a list of roles, got a string');
  });

  it('import_role is static with tasks_from; a missing tasks file is named', () => {
    const { dir, playbook } = load({
      'site.yaml':
        '- hosts: all\n  tasks:\n    - import_role: { name: web, tasks_from: install }\n      vars: { v: 1 }\n',
      'roles/web/tasks/install.yaml': '- name: install\n  command: echo\n',
    });
    const [block] = playbook().plays[0]!.tasks as [BlockTask];
    expect(block.kind).to.equal('block');
    expect(modules([block])[0]).to.deep.include({ name: 'install', vars: { v: 1 } });
    const missing = load({
      'site.yaml': '- hosts: all\n  tasks:\n    - import_role: { name: web, tasks_from: nope }\n',
      'roles/web/tasks/main.yml': '[]\n',
    });
    const e = runbookError(missing.playbook);
    expect(e.message).to.match(/^role "web" has no tasks file "nope"/);
    expect(e.source).to.deep.include({ file: join(missing.dir, 'site.yaml'), line: 3 });
    expect(dir).to.be.a('string');
  });
});

describe('include_tasks, include_role, include_vars', () => {
  it('are dynamic includes: their when, loop and file stay on the include', () => {
    const { dir, playbook } = load({
      'site.yaml':
        '- hosts: all\n  tasks:\n    - include_tasks: "{{ os }}.yaml"\n      loop: [a, b]\n      when: ' +
        'item != "b"\n      vars: { x: 1 }\n    - ansible.builtin.include_vars: { dir: vars, name: ' +
        'cfg }\n    - include_role: { name: web, tasks_from: extra }\n',
      'roles/web/tasks/extra.yml': '- name: extra\n  command: echo\n  notify: hup\n',
      'roles/web/handlers/main.yml': '- name: hup\n  command: echo hup\n',
    });
    const p = playbook().plays[0]!;
    const [inc, vars, role] = p.tasks as [IncludeTask, IncludeTask, IncludeTask];
    expect(inc).to.deep.include({
      kind: 'include',
      action: 'include_tasks',
      target: '{{ os }}.yaml',
      loop: ['a', 'b'],
      loopVar: 'item',
      baseDir: dir,
      vars: { x: 1 },
    });
    expect(inc.when.map((c) => c.value)).to.deep.equal(['item != "b"']);
    expect(vars).to.deep.include({ action: 'include_vars', target: 'vars', dir: true, varsName: 'cfg' });
    expect(role).to.deep.include({ action: 'include_role', target: 'web', tasksFrom: 'extra' });
    // A role named as it is is found at load time, and its handlers join the play.
    expect(p.handlers.map((h) => h.name)).to.deep.equal(['hup']);
  });

  it('refuses unknown keys beside them, a missing literal role, and include_vars with both file and dir', () => {
    const cases: [string, RegExp, number][] = [
      [
        '    - include_tasks: a.yaml\n      loop_contrl: {}\n',
        /unknown key "loop_contrl" beside include_tasks; did you mean "loop_control"\?/,
        4,
      ],
      ['    - include_role: { name: ghost }\n', /role "ghost" not found; looked in/, 3],
      ['    - include_vars: { file: a.yaml, dir: vars }\n', /include_vars takes one of "file" or "dir"/, 3],
      // A role name written as a template renders with the play's variables when the playbook loads.
      ['    - import_role: { name: "{{ r }}" }\n', /undefined variable "r"/, 3],
    ];
    for (const [tasks, message, line] of cases) {
      const { playbook } = load({ 'site.yaml': `- hosts: all\n  tasks:\n${tasks}` });
      const e = runbookError(playbook);
      expect(formatError(e), tasks).to.match(message);
      expect(e.source?.line, tasks).to.equal(line);
    }
  });
});

describe('import_playbook', () => {
  it('puts the imported plays in place, nested, relative to the importing file, with its vars and tags', () => {
    const { dir, playbook } = load({
      'site.yaml':
        '- hosts: a\n  tasks: []\n- import_playbook: sub/one.yaml\n  vars: { v: 1 }\n  tags: [imp]\n- hosts: d\n',
      'sub/one.yaml': '- hosts: b\n  tasks:\n    - command: echo\n- ansible.builtin.import_playbook: two.yaml\n',
      'sub/two.yaml': '- hosts: c\n',
    });
    const pb = playbook();
    expect(pb.plays.map((p) => [p.hosts, p.dir])).to.deep.equal([
      ['a', dir],
      ['b', join(dir, 'sub')],
      ['c', join(dir, 'sub')],
      ['d', dir],
    ]);
    expect(pb.plays[1]).to.deep.include({ vars: { v: 1 }, tags: ['imp'] });
    expect((pb.plays[1]!.tasks[0] as ModuleTask).tags).to.deep.equal(['imp']);
  });

  it('a missing file and a cycle are errors at the import line', () => {
    const missing = load({ 'site.yaml': '- import_playbook: nope.yaml\n' });
    expect(runbookError(missing.playbook).message).to.match(/^playbook nope\.yaml not found/);
    const cycle = load({
      'site.yaml': '- import_playbook: a.yaml\n',
      'a.yaml': '- hosts: all\n- import_playbook: site.yaml\n',
    });
    const e = runbookError(cycle.playbook);
    expect(e.message).to.match(/^import_playbook cycle: .*site\.yaml → .*a\.yaml → .*site\.yaml$/);
    expect(e.source).to.deep.include({ file: join(cycle.dir, 'a.yaml'), line: 2, col: 20 });
  });
});
