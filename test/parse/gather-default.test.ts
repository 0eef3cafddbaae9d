// Facts are gathered as Ansible's default (implicit gathering): every play that does
// not say gather_facts: false, imported playbooks' plays too; explicit gathering
// (ANSIBLE_GATHERING=explicit) only for gather_facts: true. ansible-playbook 2.14
// gathered for a play without the keyword (corpus case gather-facts-default).
import { expect } from 'chai';
import { join } from 'node:path';
import { gatheringFromEnv } from '../../src/cli/gathering.js';
import { moduleCatalog } from '../../src/modules/registry.js';
import { type Gathering, loadPlaybook } from '../../src/parse/playbook.js';
import { runbookError, tempFiles } from './support.js';

const PLAYS = `- hosts: all
  tasks: [{ command: "true" }]
- hosts: all
  gather_facts: false
  tasks: [{ command: "true" }]
- hosts: all
  gather_facts: yes
  tasks: [{ command: "true" }]
- import_playbook: more.yaml
`;
const MORE = '- hosts: all\n  tasks: [{ command: "true" }]\n';

const gathers = (gathering?: Gathering) =>
  loadPlaybook(join(tempFiles({ 'site.yaml': PLAYS, 'more.yaml': MORE }), 'site.yaml'), moduleCatalog, undefined, {
    gathering,
  }).plays.map((p) => p.gatherFacts?.module);

describe('gather_facts default', () => {
  it('a play gathers unless it says gather_facts: false (an imported play too)', () => {
    expect(gathers()).to.deep.equal(['setup', undefined, 'setup', 'setup']);
    expect(gathers('implicit')).to.deep.equal(['setup', undefined, 'setup', 'setup']);
  });

  it('explicit gathering: only a play that says gather_facts: true', () => {
    expect(gathers('explicit')).to.deep.equal([undefined, undefined, 'setup', undefined]);
  });

  it('ANSIBLE_GATHERING: implicit when unset, explicit, and a clear refusal of smart', () => {
    const before = process.env.ANSIBLE_GATHERING;
    try {
      delete process.env.ANSIBLE_GATHERING;
      expect(gatheringFromEnv()).to.equal('implicit');
      process.env.ANSIBLE_GATHERING = 'Explicit';
      expect(gatheringFromEnv()).to.equal('explicit');
      process.env.ANSIBLE_GATHERING = 'smart';
      const err = runbookError(() => gatheringFromEnv());
      expect([err.code, err.message, err.hint]).to.deep.equal([
        'usage',
        'ANSIBLE_GATHERING=smart is not a gathering runbook has',
        'implicit (every play gathers facts unless gather_facts: false) or explicit (only gather_facts: true)',
      ]);
    } finally {
      if (before === undefined) delete process.env.ANSIBLE_GATHERING;
      else process.env.ANSIBLE_GATHERING = before;
    }
  });
});
