import type { ModuleTask } from '../../src/types/playbook.js';
import { expect } from 'chai';
import { join } from 'node:path';
import { formatError } from '../../src/errors.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import { fixture, runbookError, tempFiles, testModules } from './support.js';

const load = (name: string) => loadPlaybook(fixture('parse', name), testModules);
const loadText = (text: string) => loadPlaybook(join(tempFiles({ 'p.yaml': text }), 'p.yaml'), testModules);
const errorOf = (name: string) => runbookError(() => load(name));
const errorOfText = (text: string) => runbookError(() => loadText(text));

describe('loadPlaybook', () => {
  describe('a valid playbook', () => {
    it('loads plays and tasks as typed values with their source positions', () => {
      const file = fixture('parse', 'site.yaml');
      const pb = loadPlaybook(file, testModules);
      expect(pb.file).to.equal(file);
      expect(pb.dir).to.equal(fixture('parse'));
      expect(pb.plays).to.have.length(2);
      const [play] = pb.plays;
      expect(play).to.deep.include({
        name: 'Configure containerd',
        hosts: 'kube_node',
        vars: { sandbox_image: 'registry.k8s.io/pause:3.9', systemd_cgroup: true },
        source: { file, line: 2, col: 3 },
      });
      const shape = (t: unknown) => {
        const { name, module, args, vars, source } = t as ModuleTask;
        return name === undefined ? { module, args, vars, source } : { name, module, args, vars, source };
      };
      expect(play?.tasks.map(shape)).to.deep.equal([
        {
          name: 'Write the containerd config',
          module: 'copy',
          args: { dest: '/etc/containerd/config.toml', content: 'sandbox_image = {{ sandbox_image }}', mode: '0644' },
          vars: { owner: 'root' },
          source: { file, line: 8, col: 7 },
        },
        { module: 'command', args: { cmd: 'containerd config dump' }, vars: {}, source: { file, line: 16, col: 7 } },
        {
          name: 'Make the certs directory',
          module: 'file',
          args: { path: '/etc/containerd/certs.d', state: 'directory' },
          vars: {},
          source: { file, line: 18, col: 7 },
        },
      ]);
    });

    it('joins a list of host patterns with ":" and names the play after them', () => {
      const play = load('site.yaml').plays[1];
      expect(play).to.deep.include({
        name: 'etcd:kube_control_plane',
        hosts: 'etcd:kube_control_plane',
        vars: {},
        tasks: [],
      });
      expect(play?.source.line).to.equal(23);
    });

    it('maps a bare string to the free-form argument of command and shell', () => {
      const pb = loadText('- hosts: all\n  tasks:\n    - command: echo hi\n    - shell: "echo $HOME | wc -c"\n');
      expect(pb.plays[0]?.tasks.map((t) => [(t as ModuleTask).module, (t as ModuleTask).args])).to.deep.equal([
        ['command', { cmd: 'echo hi' }],
        ['shell', { cmd: 'echo $HOME | wc -c' }],
      ]);
    });

    it('accepts a module with no arguments as an empty mapping when its schema allows it', () => {
      const pb = loadPlaybook(
        join(tempFiles({ 'p.yaml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - ping:\n' }), 'p.yaml'),
        new Map([['ping', { schema: { type: 'object' } }]]),
      );
      expect((pb.plays[0]!.tasks[0] as ModuleTask).args).to.deep.equal({});
    });
  });

  describe('play errors', () => {
    it('suggests the nearest play key for a misspelled one', () => {
      const err = errorOf('play-key-typo.yaml');
      expect(err.code).to.equal('playbook');
      expect(err.message).to.equal('unknown key "hots" in play; did you mean "hosts"?');
      expect(err.source).to.deep.equal({ file: fixture('parse', 'play-key-typo.yaml'), line: 2, col: 3 });
      expect(err.excerpt).to.equal('  hots: all');
      expect(err.hint).to.match(/^play takes: name, hosts, defaults, vars, tasks, pre_tasks, post_tasks, handlers/);
    });

    it('names the missing hosts key at the start of the play', () => {
      const err = errorOfText('- name: no hosts\n  tasks: []\n');
      expect(err.message).to.equal('missing required key "hosts" in play');
      expect(err.source).to.include({ line: 1, col: 3 });
    });

    it('says what hosts must be when it is a mapping', () => {
      const err = errorOfText('- hosts:\n    kube_node: true\n');
      expect(err.message).to.equal('"hosts" in play: expected a string or a list, got a mapping');
      expect(err.source).to.include({ line: 2, col: 5 });
      expect(err.hint).to.match(/host pattern/);
    });

    it('says an empty hosts string must not be empty, not that it should be a list', () => {
      expect(errorOfText('- hosts: ""\n').message).to.equal('"hosts" in play: must not be empty');
    });

    it('points at an empty hosts value by its key', () => {
      const err = errorOfText('- hosts:\n  tasks: []\n');
      expect(err.message).to.equal('"hosts" in play: expected a string or a list, got nothing');
      expect(err.source).to.include({ line: 1, col: 3 });
    });

    it('refuses a playbook that is a mapping instead of a list of plays', () => {
      const err = errorOfText('hosts: all\ntasks: []\n');
      expect(err.message).to.equal('playbook: expected a list, got a mapping');
      expect(err.source).to.include({ line: 1, col: 1 });
      expect(err.hint).to.include('- hosts:');
    });

    it('refuses a task that is not a mapping', () => {
      const err = errorOfText('- hosts: all\n  tasks:\n    - command\n');
      expect(err.message).to.equal('item 1 of "tasks" in play: expected a mapping, got a string');
      expect(err.source).to.include({ line: 3, col: 7 });
    });

    it('refuses a variable name templates cannot use', () => {
      const err = errorOfText('- hosts: all\n  vars:\n    pause-image: x\n');
      expect(err.message).to.equal('invalid key "pause-image" in "vars" of play');
      expect(err.source).to.include({ line: 3, col: 5 });
      expect(err.hint).to.match(/letters, digits and _/);
    });

    it('reports an empty playbook', () => {
      const err = errorOfText('# nothing yet\n');
      expect(err.message).to.match(/^playbook .*p\.yaml is empty$/);
    });

    it('reports a missing file as a usage error with the reason', () => {
      const err = runbookError(() => loadPlaybook('/nonexistent/site.yaml', testModules));
      expect(err.code).to.equal('usage');
      expect(err.message).to.equal('cannot read playbook /nonexistent/site.yaml: ENOENT: no such file or directory');
    });
  });

  describe('task errors', () => {
    it('lists the known modules for an unknown one', () => {
      const err = errorOf('unknown-module.yaml');
      expect(err.message).to.equal(
        'module "systemd_service" is not supported by runbook; the closest it has is "template"',
      );
      expect(err.hint).to.equal(
        "runbook's modules: command, copy, file, shell, setup, template (docs/ansible-compatibility.md says what differs)",
      );
      expect(err.source).to.include({ line: 4, col: 7 });
      expect(err.excerpt).to.equal('      systemd_service:');
    });

    it('suggests the nearest module for a misspelled one', () => {
      const err = errorOfText('- hosts: all\n  tasks:\n    - comand: ls\n');
      expect(err.message).to.equal('unknown module "comand" in task; did you mean "command"?');
      expect(err.source).to.include({ line: 3, col: 7 });
    });

    it('suggests the nearest task keyword for a misspelled one', () => {
      const err = errorOfText('- hosts: all\n  tasks:\n    - nmae: x\n      command: ls\n');
      expect(err.message).to.equal('unknown key "nmae" in task; did you mean "name"?');
    });

    it("maps a module of another collection to runbook's by its short name", () => {
      const err = errorOfText('- hosts: all\n  tasks:\n    - community.general.copy: {dest: /a}\n');
      expect(err.message).to.equal('unknown module "community.general.copy" in task; did you mean "copy"?');
    });

    it("reads the diff keyword on a task, and a block's for its tasks (a task's own wins); a non-boolean is refused", () => {
      const pb = loadText(
        '- hosts: all\n  tasks:\n    - command: ls\n      diff: true\n' +
          '    - block:\n        - command: a\n        - command: b\n          diff: false\n      diff: yes\n',
      );
      const [own, block] = pb.plays[0]!.tasks as [ModuleTask, { block: ModuleTask[] }];
      expect(own.diff).to.equal(true);
      expect(block.block.map((t) => t.diff)).to.deep.equal([true, false]);
      const err = errorOfText('- hosts: all\n  tasks:\n    - command: ls\n      diff: sometimes\n');
      expect(err.source).to.include({ line: 4 });
    });

    it('asks for a module when a task has none', () => {
      const err = errorOf('no-module.yaml');
      expect(err.message).to.equal('task has no module; add one of: command, copy, file, shell, setup, template');
      expect(err.source).to.include({ line: 3, col: 7 });
    });

    it('asks to split a task with two modules, pointing at the second', () => {
      const err = errorOf('two-modules.yaml');
      expect(err.message).to.equal('task has two modules (copy, file); split it into two tasks');
      expect(err.source).to.include({ line: 5, col: 7 });
      expect(err.excerpt).to.equal('      file: {path: /etc/a, mode: "0600"}');
    });

    it('checks task keywords against their schema', () => {
      const err = errorOfText('- hosts: all\n  tasks:\n    - name: [a, b]\n      command: ls\n');
      expect(err.message).to.equal('task "name": expected a string, got a list');
      expect(err.source).to.include({ line: 3, col: 13 });
    });
  });

  describe('module argument errors', () => {
    it('suggests the nearest argument for a misspelled one', () => {
      const err = errorOf('arg-typo.yaml');
      expect(err.code).to.equal('schema');
      expect(err.message).to.equal('unknown argument "dset" in copy; did you mean "dest"?');
      expect(err.source).to.include({ line: 5, col: 9 });
      expect(err.excerpt).to.equal('        dset: /etc/motd');
      expect(err.hint).to.equal('copy takes: dest, content, src, mode');
    });

    it('says which type an argument must have', () => {
      const err = errorOf('wrong-arg-type.yaml');
      expect(err.message).to.equal('"dest" in copy: expected a string, got a list');
      expect(err.source).to.include({ line: 4, col: 15 });
    });

    it('asks to quote a number where text is expected', () => {
      const err = errorOfText('- hosts: all\n  tasks:\n    - copy: {dest: /a, mode: 0644}\n');
      expect(err.message).to.equal('"mode" in copy: expected a string, got a whole number');
      expect(err.hint).to.include('quotes');
    });

    it('names a missing required argument at the module key', () => {
      const err = errorOfText('- hosts: all\n  tasks:\n    - copy:\n        content: hi\n');
      expect(err.message).to.equal('missing required argument "dest" in copy');
      expect(err.source).to.include({ line: 3, col: 7 });
    });

    it('suggests the nearest allowed value of an enum', () => {
      const err = errorOfText('- hosts: all\n  tasks:\n    - file: {path: /a, state: directroy}\n');
      expect(err.message).to.equal(
        '"state" in file: "directroy" is not one of file, directory, absent or touch; did you mean "directory"?',
      );
      expect(err.source).to.include({ line: 3, col: 31 });
    });

    it("words a pattern failure with the schema's description", () => {
      const err = errorOfText('- hosts: all\n  tasks:\n    - file: {path: etc/motd}\n');
      expect(err.message).to.equal('"path" in file: expected an absolute path, got "etc/motd"');
    });

    it('leaves templated values to be checked once rendered, but still checks keys', () => {
      const pb = loadText('- hosts: all\n  tasks:\n    - file: {path: "{{ dir }}", state: "{{ wanted }}"}\n');
      expect((pb.plays[0]!.tasks[0] as ModuleTask).args).to.deep.equal({ path: '{{ dir }}', state: '{{ wanted }}' });
      const err = errorOfText('- hosts: all\n  tasks:\n    - file: {path: "{{ dir }}", mdoe: "0644"}\n');
      expect(err.message).to.equal('unknown argument "mdoe" in file; did you mean "mode"?');
    });

    it('leaves a value made only of {% %} statements to be checked once rendered (Kubespray preinstall)', () => {
      const state = "{%- if ansible_os_family == 'Debian' -%} directory {%- else -%} touch {%- endif -%}";
      const path = '{% if x %}etc{% endif %}';
      const text = `- hosts: all\n  tasks:\n    - file: {path: "${path}", state: "${state}"}\n      tags: "{% if x %}a{% endif %},b"\n`;
      const task = loadText(text).plays[0]!.tasks[0] as ModuleTask;
      expect(task.args).to.deep.equal({ path, state });
      // A templated tags value is not split at its commas: the run renders it first.
      expect(task.tags).to.deep.equal(['{% if x %}a{% endif %},b']);
    });

    it('refuses a string for a module without a free-form argument', () => {
      const err = errorOfText('- hosts: all\n  tasks:\n    - copy: /etc/motd\n');
      expect(err.message).to.equal('arguments of copy: expected a mapping or key=value words, got a string');
      expect(err.hint).to.equal(
        'write them as key=value words (copy: dest=… content=…) or as a mapping (copy: {dest: …, content: …})',
      );
    });

    it('reads Ansible key=value arguments as the mapping they stand for', () => {
      const task = loadText('- hosts: all\n  tasks:\n    - copy: src=motd dest="/etc/my motd"\n').plays[0]!
        .tasks[0] as ModuleTask;
      expect(task.args).to.deep.equal({ src: 'motd', dest: '/etc/my motd' });
    });
  });

  it('prints an error with file:line:col, the line, a caret and the hint', () => {
    const err = errorOf('arg-typo.yaml');
    expect(formatError(err)).to.equal(
      [
        `${fixture('parse', 'arg-typo.yaml')}:5:9: error: unknown argument "dset" in copy; did you mean "dest"?`,
        '  5 |         dset: /etc/motd',
        '              ^',
        '  hint: copy takes: dest, content, src, mode',
      ].join('\n'),
    );
  });
});
