// What an Ansible user writes parses as Ansible reads it; what runbook cannot do
// is refused at file:line:col with a hint towards a form that works.
import { expect } from 'chai';
import { join } from 'node:path';
import { moduleCatalog } from '../../src/modules/registry.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import { parseYaml } from '../../src/parse/yaml-source.js';
import { parseExtraVars } from '../../src/cli/extra-vars.js';
import type { ModuleTask } from '../../src/types/playbook.js';
import { runbookError, tempFiles } from './support.js';

const loadText = (text: string, files: Record<string, string> = {}) =>
  loadPlaybook(join(tempFiles({ 'p.yaml': text, ...files }), 'p.yaml'), moduleCatalog);
const firstTask = (tasks: string) => loadText(`- hosts: all\n  tasks:\n${tasks}`).plays[0]!.tasks[0] as ModuleTask;
const errorOf = (tasks: string) => runbookError(() => loadText(`- hosts: all\n  tasks:\n${tasks}`));

describe('Ansible habits: YAML 1.1 scalars', () => {
  it('reads yes/no/on/off/true/false in any case as booleans, and y/n and dates as text', () => {
    const data = parseYaml(
      'a: yes\nb: No\nc: ON\nd: off\ne: True\nf: FALSE\ng: y\nh: n\ni: 2024-01-02\nj: "yes"\n',
      'v.yaml',
    ).data;
    expect(data).to.deep.equal({
      a: true,
      b: false,
      c: true,
      d: false,
      e: true,
      f: false,
      g: 'y',
      h: 'n',
      i: '2024-01-02',
      j: 'yes',
    });
  });

  it('reads a leading-zero number as octal, as PyYAML does', () => {
    expect(parseYaml('port: 0022\nmode: 0755\n', 'v.yaml').data).to.deep.equal({ port: 18, mode: 0o755 });
  });

  it('gives task keywords their boolean: ignore_errors: no is false', () => {
    const t = firstTask('    - command: "true"\n      ignore_errors: no\n      become: Yes\n');
    expect(t.ignoreErrors).to.equal(false);
    expect(t.become).to.equal(true);
  });

  it('reads -e @file and an inline -e mapping the same way', () => {
    const dir = tempFiles({ 'v.yaml': 'skip: no\nforce: on\n' });
    expect(parseExtraVars(`@${join(dir, 'v.yaml')}`)).to.deep.equal({ skip: false, force: true });
    expect(parseExtraVars('{skip: no}')).to.deep.equal({ skip: false });
  });

  it('takes mode: 0755 as the octal mode 0755', () => {
    expect(firstTask('    - file: {path: /tmp/x, state: directory, mode: 0755}\n').args.mode).to.equal(0o755);
    expect(firstTask('    - file: {path: /tmp/x, state: directory, mode: "0755"}\n').args.mode).to.equal('0755');
  });

  it('refuses mode: 644 (decimal) at its line, asking for the leading 0', () => {
    const err = errorOf('    - file: {path: /tmp/x, state: directory, mode: 644}\n');
    expect(err.message).to.equal('mode 644 is the decimal number 644, which is 01204 in octal');
    expect(err.source).to.include({ line: 3, col: 52 });
    expect(err.hint).to.equal('write the octal mode with its leading 0: mode: 0644 (or quoted: "0644")');
  });
});

describe('Ansible habits: task forms', () => {
  it('merges args: into the module arguments, the module key winning', () => {
    const t = firstTask('    - command: touch /tmp/x\n      args: {creates: /tmp/x, chdir: /tmp}\n');
    expect(t.args).to.deep.equal({ cmd: 'touch /tmp/x', creates: '/tmp/x', chdir: '/tmp' });
    const c = firstTask('    - copy: {dest: /a, content: mine}\n      args: {dest: /b, mode: "0600"}\n');
    expect(c.args).to.deep.equal({ dest: '/a', content: 'mine', mode: '0600' });
  });

  it('takes creates=, chdir= and removes= out of a free-form command, anywhere in it', () => {
    const t = firstTask('    - command: creates=/x touch "/x y" chdir=/tmp removes=/z\n');
    expect(t.args).to.deep.equal({ cmd: 'touch "/x y"', creates: '/x', chdir: '/tmp', removes: '/z' });
    expect(firstTask('    - shell: echo a=b > /tmp/f creates=/tmp/f\n').args).to.deep.equal({
      cmd: 'echo a=b > /tmp/f',
      creates: '/tmp/f',
    });
  });

  it('reads k=v words for other modules, typed as the module takes them, templates kept whole', () => {
    const t = firstTask('    - systemd: name=containerd enabled=yes state=started\n');
    expect(t.args).to.deep.equal({ name: 'containerd', enabled: true, state: 'started' });
    expect(firstTask('    - copy: content="{{ a | default(\'x y\') }}" dest=/tmp/a mode=0644\n').args).to.deep.equal({
      content: "{{ a | default('x y') }}",
      dest: '/tmp/a',
      mode: '0644',
    });
  });

  // ansible-playbook 2.14 wrote these bytes (corpus case kv-escapes compares the files on lab hosts).
  it("decodes Python's escapes in k=v words as parse_kv does; a command's own words stay as written", () => {
    const copy = firstTask(String.raw`    - copy: content="x\ny\t|\x41\u00e9\q" dest=/tmp/a` + '\n');
    expect(copy.args).to.deep.equal({ content: 'x\ny\t|A\u00e9\\q', dest: '/tmp/a' });
    const command = firstTask(String.raw`    - command: echo 'q\nr' chdir=/tmp\x41` + '\n');
    expect(command.args).to.deep.equal({ cmd: String.raw`echo 'q\nr'`, chdir: '/tmpA' });
  });

  it('refuses a word without = in k=v arguments, showing both working forms', () => {
    const err = errorOf('    - copy: dest=/tmp/a hello\n');
    expect(err.source).to.include({ line: 3, col: 13 });
    expect(err.hint).to.match(/key=value words .* or as a mapping/);
  });

  it('records which with_* keyword gave the loop, and loop_control', () => {
    const t = firstTask(
      '    - debug: {msg: "{{ item.key }}"}\n      with_dict: "{{ users }}"\n      loop_control: {label: "{{ item.key }}", index_var: i, pause: 0.5}\n',
    );
    expect(t).to.deep.include({
      loop: '{{ users }}',
      loopWith: 'with_dict',
      loopLabel: '{{ item.key }}',
      indexVar: 'i',
      loopPause: 0.5,
    });
    expect(firstTask('    - debug: {msg: x}\n      loop: [1]\n').loopWith).to.equal(undefined);
  });

  it('refuses two loops on one task, pointing at the second', () => {
    const err = errorOf('    - debug: {msg: x}\n      loop: [1]\n      with_items: [2]\n');
    expect(err.message).to.equal('task has two loops (loop, with_items); keep one');
    expect(err.source).to.include({ line: 5, col: 7 });
  });

  it('names a with_* runbook lacks as not supported, with the loop: form in the hint', () => {
    const err = errorOf('    - debug: {msg: x}\n      with_together: [[1], [2]]\n');
    expect(err.message).to.equal('loop keyword "with_together" is not supported by runbook');
    expect(err.source).to.include({ line: 4, col: 7 });
    expect(err.hint).to.match(/^write it as loop: with a filter/);
  });
});

describe('Ansible habits: module names', () => {
  it('resolves ansible.builtin.* and ansible.posix.* to runbook modules', () => {
    expect(firstTask('    - ansible.builtin.copy: {dest: /tmp/a, content: x}\n')).to.deep.include({
      module: 'copy',
      args: { dest: '/tmp/a', content: 'x' },
    });
    expect(firstTask('    - ansible.posix.systemd: name=kubelet state=started\n').module).to.equal('systemd');
  });

  it('takes service (and ansible.builtin.service) as systemd, with Ansible argument aliases', () => {
    expect(firstTask('    - service: {name: containerd, state: restarted, enabled: yes}\n')).to.deep.include({
      module: 'systemd',
      args: { name: 'containerd', state: 'restarted', enabled: true },
    });
    expect(firstTask('    - ansible.builtin.service: unit=kubelet daemon-reload=yes\n').args).to.deep.equal({
      name: 'kubelet',
      daemon_reload: true,
    });
  });

  it('refuses a service argument systemd lacks, naming the task key as written', () => {
    const err = errorOf('    - service: {name: x, sleep: 3}\n');
    expect(err.message).to.equal('unknown argument "sleep" in service');
    expect(err.source).to.include({ line: 3, col: 26 });
  });

  it('says plainly when runbook lacks a module, and names the closest one it has', () => {
    const apt = errorOf('    - ansible.builtin.pip: {name: curl}\n');
    expect(apt.message).to.equal(
      'module "ansible.builtin.pip" is not supported by runbook; the closest it has is "command"',
    );
    expect(apt.source).to.include({ line: 3, col: 7 });
    expect(apt.hint).to.match(/^runbook's modules: command, shell, copy/);
    expect(errorOf('    - ansible.builtin.git: {}\n').message).to.match(
      /^module "ansible.builtin.git" is not supported by runbook; the closest it has is "command"$/,
    );
    expect(errorOf('    - community.general.pip: {}\n').message).to.match(/closest it has is "command"$/);
  });
});

describe('Ansible habits: free-form commands keep their text', () => {
  it('leaves a multi-line shell script as written, taking out only a known k=v word', () => {
    const script = 'set -e\n  FOO=bar make  all\n  echo "chdir=not-me"\n';
    expect(
      firstTask(`    - shell: |\n        set -e\n          FOO=bar make  all\n          echo "chdir=not-me"\n`).args,
    ).to.deep.equal({ cmd: script });
    expect(firstTask('    - shell: |\n        cd /x\n        make creates=/x/out\n').args).to.deep.equal({
      cmd: 'cd /x\nmake',
      creates: '/x/out',
    });
  });
});

// ansible-playbook 2.14 read the same tasks: "ERROR! conflicting action statements: ping, debug" at the task's
// first key, and "no module/action detected in task." for an action: with no module.
describe('Ansible habits: the old action: / local_action: task form', () => {
  it('reads action: as a string and as a mapping, args: beside it, and local_action: as delegate_to localhost', () => {
    const str = firstTask('    - action: slurp src=/etc/hosts\n');
    expect([str.module, str.args]).to.deep.equal(['slurp', { src: '/etc/hosts' }]);
    const map = firstTask('    - action: {module: copy, content: x}\n      args: {dest: /tmp/y}\n');
    expect([map.module, map.args]).to.deep.equal(['copy', { content: 'x', dest: '/tmp/y' }]);
    const local = firstTask('    - local_action: ansible.builtin.ping data=hi\n      register: r\n');
    expect([local.module, local.args, local.delegateTo, local.register]).to.deep.equal([
      'ping',
      { data: 'hi' },
      'localhost',
      'r',
    ]);
  });

  it('refuses a module key beside action:, and an action: with no module, at the task', () => {
    const both = errorOf('    - action: ping\n      debug: msg=x\n');
    expect(both.message).to.equal('conflicting action statements: ping, debug');
    expect(both.source).to.include({ line: 3, col: 7 });
    const none = errorOf('    - action: {src: /etc/hosts}\n');
    expect(none.message).to.match(/^action needs a module: /);
    expect(none.source).to.include({ line: 3 });
  });
});
