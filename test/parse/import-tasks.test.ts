import { expect } from 'chai';
import { join } from 'node:path';
import { formatError } from '../../src/errors.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import type { BlockTask, ModuleTask } from '../../src/types/playbook.js';
import { runbookError, tempFiles, testModules } from './support.js';

const load = (files: Record<string, string>) => {
  const dir = tempFiles(files);
  return { dir, playbook: () => loadPlaybook(join(dir, 'site.yaml'), testModules) };
};

describe('import_tasks', () => {
  it("inserts the file as a block whose tasks carry the import's when, tags and vars, with their own file positions", () => {
    const { dir, playbook } = load({
      'site.yaml':
        '- hosts: all\n  tasks:\n    - import_tasks: tasks/node.yaml\n      when: go\n      tags: [node]\n      vars: { a: 1 }\n',
      'tasks/node.yaml': '# a task file\n- name: one\n  command: echo one\n- import_tasks: more.yaml\n',
      'tasks/more.yaml': '- name: two\n  command: echo two\n',
    });
    const [block] = playbook().plays[0]!.tasks as [BlockTask];
    expect(block.kind).to.equal('block');
    const [one, inner] = block.block as [ModuleTask, BlockTask];
    expect(one).to.deep.include({
      name: 'one',
      module: 'command',
      vars: { a: 1 },
      tags: ['node'],
      source: { file: join(dir, 'tasks/node.yaml'), line: 2, col: 3 },
    });
    expect(one.when.map((c) => c.value)).to.deep.equal(['go']);
    // A nested import is relative to the file that imports it.
    const two = inner.block[0] as ModuleTask;
    expect(two).to.deep.include({ name: 'two', source: { file: join(dir, 'tasks/more.yaml'), line: 1, col: 3 } });
    expect(two.when.map((c) => c.value)).to.deep.equal(['go']);
  });

  it('an error inside the imported file names that file and line', () => {
    const { dir, playbook } = load({
      'site.yaml': '- hosts: all\n  tasks:\n    - import_tasks: node.yaml\n',
      'node.yaml': '- name: ok\n  command: echo\n- name: typo\n  comand: echo\n',
    });
    const e = runbookError(playbook);
    expect(e.source).to.deep.include({ file: join(dir, 'node.yaml'), line: 4 });
    expect(formatError(e)).to.contain('did you mean "command"');
  });

  it('a missing file, a cycle, a templated path and an unknown key beside it are load errors at the import', () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [
        { 'site.yaml': '- hosts: all\n  tasks:\n    - import_tasks: nope.yaml\n' },
        'site.yaml',
        /task file nope\.yaml not found/,
      ],
      [
        {
          'site.yaml': '- hosts: all\n  tasks:\n    - import_tasks: a.yaml\n',
          'a.yaml': '- import_tasks: b.yaml\n',
          'b.yaml': '- import_tasks: a.yaml\n',
        },
        'b.yaml',
        /import cycle: .*a\.yaml → .*b\.yaml → .*a\.yaml/,
      ],
      [{ 'site.yaml': '- hosts: all\n  tasks:\n    - import_tasks: "{{ f }}.yaml"\n' }, 'site.yaml', /import_tasks/],
      [
        { 'site.yaml': '- hosts: all\n  tasks:\n    - import_tasks: a.yaml\n      loop: [1]\n', 'a.yaml': '[]\n' },
        'site.yaml',
        /unknown key "loop" beside import_tasks/,
      ],
      [
        { 'site.yaml': '- hosts: all\n  tasks:\n    - import_tasks: a.yaml\n', 'a.yaml': 'name: x\n' },
        'a.yaml',
        /must be a list of tasks/,
      ],
    ];
    for (const [files, where, message] of cases) {
      const { dir, playbook } = load(files);
      const e = runbookError(playbook);
      expect(formatError(e), JSON.stringify(files)).to.match(message);
      expect(e.source?.file).to.equal(join(dir, where));
    }
  });

  // The file is parsed once (parse/task.ts parsedOnce): each import still loads its own tasks from that source.
  it("a file two plays import gets each import's own when, vars, tags and module_defaults, in tasks of its own", () => {
    const { dir, playbook } = load({
      'site.yaml':
        '- hosts: a\n  module_defaults: { command: { chdir: /a } }\n  tasks:\n' +
        '    - import_tasks: node.yaml\n      when: first\n      tags: [one]\n      vars: { n: 1 }\n' +
        '- hosts: b\n  tasks:\n    - import_tasks: node.yaml\n      when: second\n      vars: { n: 2 }\n',
      'node.yaml': '- name: step\n  command: echo {{ n }}\n',
    });
    const [a, b] = playbook().plays.map((p) => (p.tasks[0] as BlockTask).block[0] as ModuleTask) as [
      ModuleTask,
      ModuleTask,
    ];
    const source = { file: join(dir, 'node.yaml'), line: 1, col: 3 };
    expect(a).to.deep.include({ vars: { n: 1 }, tags: ['one'], source, args: { cmd: 'echo {{ n }}', chdir: '/a' } });
    expect(b).to.deep.include({ vars: { n: 2 }, tags: [], source, args: { cmd: 'echo {{ n }}' } });
    expect([a.when.map((c) => c.value), b.when.map((c) => c.value)]).to.deep.equal([['first'], ['second']]);
    expect(a.args).to.not.equal(b.args);
  });
});
