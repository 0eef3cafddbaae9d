// The become variables against the become keywords (issue 28: the same input means the
// same thing): ansible_become and ansible_become_user, from the inventory or a task's
// vars, beat become: and become_user:, as ansible-playbook 2.14 ran the same shapes
// (localhost, an inventory ansible_become and a task's vars: root, then nobody).
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { cleanHosts, sudoInventory } from './engine/become-support.js';
import { lab } from './lab/shared.js';
import { runFile } from './support/run.js';

/** Path of a corpus playbook (tests run from dist/test/). */
const corpusFile = (name: string) =>
  fileURLToPath(new URL(`../../test/ansible-corpus/${name}/playbook.yaml`, import.meta.url));

describe('Ansible corpus: become variables over become keywords', () => {
  beforeEach(cleanHosts);

  it('become-vars-over-keywords: the inventory says become over a play that says no; a task var names the user', async () => {
    const { hosts, sudoUser } = lab();
    const host = hosts[0]!.name;
    const run = await runFile(corpusFile('become-vars-over-keywords'), {
      limit: [host],
      inventory: sudoInventory({ ansible_become: true, ansible_become_password: sudoUser!.password }),
    });
    expect(run.recap.get(host)).to.include({ ok: 3, changed: 0, failed: 0, unreachable: 0 });
    expect(run.task('a play that says become false').get(host)!.data.stdout).to.equal('root');
    expect(run.task('a task var over the become_user keyword').get(host)!.data.stdout).to.equal('nobody');
    expect(run.task('as Ansible').get(host)!.status).to.equal('ok');
    expect(run.results.filter((r) => r.status === 'failed')).to.deep.equal([]);
  });
});
