// Which runbook module an error names for an Ansible module key runbook does not take (issue 24).
import { expect } from 'chai';
import { join } from 'node:path';
import { moduleCatalog } from '../../src/modules/registry.js';
import { CLOSEST, closestModule } from '../../src/parse/module-names.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import { BLOCK_KEYWORDS, IMPORT_KEYWORDS, TASK_KEYWORDS } from '../../src/schema/playbook.js';
import { runbookError, tempFiles } from './support.js';
import { INCLUDE_KEYWORDS } from '../../src/schema/include-keywords.js';

const keywords = new Set([
  ...Object.keys(TASK_KEYWORDS),
  ...Object.keys(BLOCK_KEYWORDS),
  ...Object.keys(IMPORT_KEYWORDS),
  ...Object.keys(INCLUDE_KEYWORDS),
]);

describe('module names: the closest module runbook has', () => {
  it('names a runbook module itself when only its collection is wrong (community.general.apt is apt)', () => {
    for (const m of moduleCatalog.keys()) expect(closestModule(`community.general.${m}`, moduleCatalog), m).to.equal(m);
    expect(closestModule('community.general.yum', moduleCatalog)).to.equal('dnf');
    expect(closestModule('ansible.builtin.service', moduleCatalog)).to.equal('systemd');
  });

  it('lists only modules runbook lacks, never one of its modules or keywords, each mapped to a module it has', () => {
    for (const [lacked, closest] of Object.entries(CLOSEST)) {
      expect(moduleCatalog.has(lacked), lacked).to.equal(false);
      expect(keywords.has(lacked), lacked).to.equal(false);
      expect(moduleCatalog.has(closest), `${lacked} → ${closest}`).to.equal(true);
    }
    // The keywords the list once named as missing modules are keywords runbook reads.
    for (const k of ['include_tasks', 'include_role', 'import_role', 'include_vars', 'import_tasks']) {
      expect(keywords.has(k), k).to.equal(true);
    }
  });

  it('maps what runbook lacks by its job, and anything else by the nearest name', () => {
    expect(closestModule('ansible.builtin.pip', moduleCatalog)).to.equal('command');
    expect(closestModule('ansible.posix.authorized_key', moduleCatalog)).to.equal('lineinfile');
    expect(closestModule('ansible.builtin.systemd_unit', moduleCatalog)).to.equal('systemd');
    expect(closestModule('lineinfil', moduleCatalog)).to.equal('lineinfile');
  });

  it('a playbook naming community.general.apt is pointed at apt, in the error with its file and line', () => {
    const dir = tempFiles({ 'p.yaml': '- hosts: all\n  tasks:\n    - community.general.apt: {name: curl}\n' });
    const err = runbookError(() => loadPlaybook(join(dir, 'p.yaml'), moduleCatalog));
    expect(err.message).to.equal('unknown module "community.general.apt" in task; did you mean "apt"?');
    expect(err.source).to.include({ file: join(dir, 'p.yaml'), line: 3, col: 7 });
  });
});
