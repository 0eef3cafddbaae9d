// Roles and dynamic includes on the lab: section order, per-host includes,
// errors inside an included file, include_vars precedence.
import { expect } from 'chai';
import { RunbookError, formatError } from '../../src/errors.js';
import { hostFile, onHost } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

const started = (run: Awaited<ReturnType<typeof runYaml>>) =>
  run.events.flatMap((e) => (e.kind === 'task-start' ? [e.name] : []));

describe('roles and includes in a run', () => {
  const [a, b] = [() => hostNames()[0]!, () => hostNames()[1]!];

  it('runs pre_tasks, roles, tasks, post_tasks in order, each followed by its handlers', async () => {
    const run = await runYaml(
      `
- hosts: ${a()}
  pre_tasks:
    - { name: pre, command: "true", notify: h }
  roles: [r]
  tasks:
    - { name: main, command: "true" }
  post_tasks:
    - { name: post, command: "true" }
  handlers:
    - { name: h, command: "true" }
`,
      {
        files: {
          'roles/r/tasks/main.yml': '- { name: role task, command: "true", notify: rh }\n',
          'roles/r/handlers/main.yml': '- { name: rh, command: "true" }\n',
        },
      },
    );
    expect(started(run)).to.deep.equal(['pre', 'h', 'r : role task', 'r : rh', 'main', 'post']);
    expect(run.recap.get(a())).to.include({ ok: 6, failed: 0 });
  });

  it('--start-at-task finds a role task by "ROLE : name" or by a shell-style pattern, as Ansible does', async () => {
    const yaml = `
- hosts: ${a()}
  roles: [web]
  tasks:
    - { name: Write /etc/app/one.conf, command: "true" }
    - { name: last, command: "true" }
`;
    const files = {
      'roles/web/tasks/main.yml': '- { name: install, command: "true" }\n- { name: configure, command: "true" }\n',
    };
    expect(started(await runYaml(yaml, { files, startAtTask: 'web : configure' }))).to.deep.equal([
      'web : configure',
      'Write /etc/app/one.conf',
      'last',
    ]);
    expect(started(await runYaml(yaml, { files, startAtTask: 'configure' }))).to.deep.equal([
      'web : configure',
      'Write /etc/app/one.conf',
      'last',
    ]);
    expect(started(await runYaml(yaml, { files, startAtTask: 'Write */one.*' }))).to.deep.equal([
      'Write /etc/app/one.conf',
      'last',
    ]);
    const none = await runYaml(yaml, { files, startAtTask: 'web : nothing*' });
    expect(started(none)).to.deep.equal([]);
    expect(none.startAtMissed).to.equal(true);
  });

  it("a task name with {{ }} is shown rendered with the first host's variables; one that cannot be rendered is shown as written", async () => {
    const run = await runYaml(
      `
- hosts: ${a()},${b()}
  vars: { pkg: nginx }
  roles: [web]
  tasks:
    - { name: "Install {{ pkg }} on {{ inventory_hostname }}", command: "true" }
    - { name: "Each {{ item }}", command: "true", loop: [1, 2] }
    - { name: "Uses {{ nowhere_defined }}", command: "true" }
`,
      { files: { 'roles/web/tasks/main.yml': '- { name: "Configure {{ pkg | upper }}", command: "true" }\n' } },
    );
    expect(started(run)).to.deep.equal([
      'web : Configure NGINX',
      `Install nginx on ${a()}`,
      'Each {{ item }}',
      'Uses {{ nowhere_defined }}',
    ]);
    // Results carry the name shown at the start, for every host.
    expect([...run.task(`Install nginx on ${a()}`).keys()].sort()).to.deep.equal([a(), b()].sort());
    expect(run.recap.get(b())).to.include({ ok: 4, failed: 0 });
  });

  it('a file name that cannot be rendered fails the include on the host, at its line', async () => {
    const run = await runYaml(
      `
- hosts: ${a()}
  tasks:
    - name: per host
      include_tasks: "{{ which }}.yaml"
`,
    );
    const r = run.task('per host').get(a())!;
    expect(r.status).to.equal('failed');
    expect(r.msg).to.contain('which');
    expect(run.recap.get(a())).to.include({ failed: 1, ok: 0 });
  });

  it('an error inside an included file ends the run, as Ansible does, naming the file and line', async () => {
    onHost(a(), 'rm -f /tmp/inc-after');
    let err: unknown;
    try {
      await runYaml(
        `
- hosts: ${a()}
  tasks:
    - block:
        - name: bring it in
          include_tasks: inc/bad.yaml
      rescue:
        - name: no rescue for it
          command: touch /tmp/inc-after
    - name: after
      command: touch /tmp/inc-after
`,
        { files: { 'inc/bad.yaml': '- name: fine\n  command: "true"\n- name: typo\n  comand: "true"\n' } },
      );
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(RunbookError);
    expect(formatError(err as RunbookError)).to.match(
      /inc\/bad\.yaml:4:3: error: unknown module "comand" in task; did you mean "command"\?/,
    );
    expect(hostFile(a(), '/tmp/inc-after')).to.equal(null);
  });

  it('a missing included file, or a vars file that does not load, fails the include on that host, and a rescue catches it', async () => {
    const run = await runYaml(
      `
- hosts: ${a()}
  tasks:
    - block:
        - name: bring it in
          include_tasks: inc/none.yaml
      rescue:
        - name: rescued
          command: "true"
    - block:
        - name: bad vars
          include_vars: bad-vars.yaml
      rescue:
        - name: rescued vars
          command: "true"
`,
      { files: { 'bad-vars.yaml': 'a: [\n' } },
    );
    expect(run.task('bring it in').get(a())!.msg).to.match(/task file inc\/none\.yaml not found/);
    expect(run.task('rescued').get(a())!.status).to.equal('changed');
    expect(run.task('bad vars').get(a())!.msg).to.match(/bad-vars\.yaml:2:1: error: invalid YAML/);
    expect(run.task('rescued vars').get(a())!.status).to.equal('changed');
    expect(run.recap.get(a())).to.include({ failed: 0, rescued: 2 });
  });

  it('include_tasks per host: each host includes its own file; include_vars wins over play vars for the rest of the play', async () => {
    onHost(a(), 'rm -f /tmp/inc-host-file');
    onHost(b(), 'rm -f /tmp/inc-host-file');
    const run = await runYaml(
      `
- hosts: ${a()}:${b()}
  vars: { color: play }
  tasks:
    - include_vars: "vars/{{ inventory_hostname }}.yaml"
    - name: per host
      include_tasks: "tasks/{{ kind }}.yaml"
- hosts: ${a()}
  tasks:
    - name: next play
      copy: { dest: /tmp/inc-next-play, content: "{{ color }}" }
`,
      {
        files: {
          [`vars/${a()}.yaml`]: 'kind: web\ncolor: from-file-a\n',
          [`vars/${b()}.yaml`]: 'kind: db\ncolor: from-file-b\n',
          'tasks/web.yaml': '- { name: web task, copy: { dest: /tmp/inc-host-file, content: "web {{ color }}" } }\n',
          'tasks/db.yaml': '- { name: db task, copy: { dest: /tmp/inc-host-file, content: "db {{ color }}" } }\n',
        },
      },
    );
    expect(hostFile(a(), '/tmp/inc-host-file')).to.equal('web from-file-a');
    expect(hostFile(b(), '/tmp/inc-host-file')).to.equal('db from-file-b');
    expect(run.task('web task').get(b())).to.equal(undefined);
    expect(run.task('per host').get(a())!.msg).to.match(/included: .*tasks\/web\.yaml$/);
    // As runbook keeps set_fact, include_vars holds for the host for the rest of the run.
    expect(hostFile(a(), '/tmp/inc-next-play')).to.equal('from-file-a');
    for (const h of [a(), b()]) expect(run.recap.get(h)).to.include({ failed: 0, rescued: 0 });
  });

  it("--tags: the include's own tags select the include, not the tasks in it; the play's reach them", async () => {
    const yaml = `
- hosts: ${a()}
  tags: [site]
  tasks:
    - name: inc
      include_tasks: t.yaml
      tags: [inc]
`;
    const files = {
      't.yaml': '- { name: inner, command: "true" }\n- { name: inner tagged, command: "true", tags: [inc] }\n',
    };
    const bySite = await runYaml(yaml, { files, tags: ['site'] });
    expect(started(bySite)).to.deep.equal(['inc', 'inner', 'inner tagged']);
    const byInc = await runYaml(yaml, { files, tags: ['inc'] });
    expect(started(byInc)).to.deep.equal(['inc', 'inner tagged']);
    // As ansible-core 2.14: the include_tasks itself counts ok, beside the one task it ran.
    expect(byInc.recap.get(a())).to.include({ ok: 2, failed: 0 });
  });
});
