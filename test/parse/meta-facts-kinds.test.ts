// The parser gives `meta:` and the implicit "Gathering Facts" task their own
// shapes (issue 24): a MetaTask with its action, and the play's facts task
// built from the play's keywords, so the engine tests no module name.
import { expect } from 'chai';
import { join } from 'node:path';
import { moduleCatalog } from '../../src/modules/registry.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import type { BlockTask, MetaTask, ModuleTask } from '../../src/types/playbook.js';
import { runbookError, tempFiles } from './support.js';

const load = (yaml: string, files: Record<string, string> = {}) =>
  loadPlaybook(join(tempFiles({ 'site.yaml': yaml, ...files }), 'site.yaml'), moduleCatalog);

describe('meta and gather_facts kinds from the parser', () => {
  it('meta: ACTION (and ansible.builtin.meta) is a meta task with its action and keywords', () => {
    const [play] = load(`- hosts: all
  tasks:
    - meta: end_host
      when: x is defined
    - ansible.builtin.meta: clear_host_errors
    - name: flush
      meta: flush_handlers
`).plays;
    const [a, b, c] = play!.tasks as MetaTask[];
    expect([a!.kind, a!.action, a!.when.map((w) => w.value)]).to.deep.equal(['meta', 'end_host', ['x is defined']]);
    expect([b!.kind, b!.action]).to.deep.equal(['meta', 'clear_host_errors']);
    expect([c!.kind, c!.action, c!.name]).to.deep.equal(['meta', 'flush_handlers', 'flush']);
  });

  it('an unknown meta action is refused at its line, naming those runbook has', () => {
    const err = runbookError(() => load('- hosts: all\n  tasks:\n    - meta: refresh_inventory\n'));
    expect(err.source?.line).to.equal(3);
    expect(err.message).to.match(/end_play/);
  });

  it("gather_facts: true gives the play a setup task with its gather_subset, tagged always, with the play's connection and environment", () => {
    const [play] = load(`- hosts: all
  gather_facts: true
  gather_subset: ['!all', network]
  connection: local
  environment: { LANG: C }
  tasks: []
`).plays;
    const facts = play!.gatherFacts as ModuleTask;
    expect(facts).to.include({ kind: 'module', name: 'Gathering Facts', module: 'setup', delegateTo: 'localhost' });
    expect(facts.args).to.deep.equal({ gather_subset: ['!all', 'network'] });
    expect(facts.tags).to.deep.equal(['always']);
    expect(facts.environment).to.deep.equal({ LANG: 'C' });
    expect(facts.source.line).to.equal(1);
    // As Ansible: a play without gather_facts gathers; gather_facts: false does not.
    expect(load('- hosts: all\n  tasks: []\n').plays[0]!.gatherFacts?.module).to.equal('setup');
    expect(load('- hosts: all\n  gather_facts: false\n  tasks: []\n').plays[0]!.gatherFacts).to.equal(undefined);
  });

  it("connection: ssh on a task undoes the play's connection: local; delegate_to wins over both", () => {
    const [play] = load(`- hosts: all
  connection: local
  tasks:
    - { name: a, command: "true" }
    - { name: b, command: "true", connection: ssh }
    - { name: c, command: "true", delegate_to: other }
    - block:
        - { name: d, command: "true" }
      connection: smart
`).plays;
    const [a, b, c, block] = play!.tasks;
    expect([(a as ModuleTask).delegateTo, (b as ModuleTask).delegateTo, (c as ModuleTask).delegateTo]).to.deep.equal([
      'localhost',
      undefined,
      'other',
    ]);
    expect(((block as BlockTask).block[0] as ModuleTask).delegateTo).to.equal(undefined);
  });

  it('import_playbook when: reaches every task of its plays, inside blocks, and their handlers', () => {
    const pb = load(
      `- import_playbook: sub.yaml
  when: go
`,
      {
        'sub.yaml':
          '- hosts: all\n  gather_facts: true\n  tasks:\n    - block:\n        - { name: inner, command: ' +
          '"true", notify: h }\n  handlers:\n    - { name: h, command: "true" }\n',
      },
    );
    const play = pb.plays[0]!;
    const inner = (play.tasks[0] as BlockTask).block[0] as ModuleTask;
    expect(inner.when.map((w) => w.value)).to.deep.equal(['go']);
    expect(play.handlers[0]!.when.map((w) => w.value)).to.deep.equal(['go']);
    expect(play.gatherFacts!.when.map((w) => w.value)).to.deep.equal(['go']);
  });
});
