// What the public roles run (/work/peer/roles-run: Kubespray's containerd and preinstall
// roles under both engines) found runbook lacking, each as a small case under both engines.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: found by running Kubespray roles', function () {
  this.timeout(180_000);

  it('filter-random: `n | random` in range(n) (start, step), one item of a list or a string, in a delay', () => {
    bothEngines('filter-random', {
      ended: 'ok',
      recap: [counts({ ok: 4, changed: 2 })],
      files: [{ report: '0 only x int\n' }],
    });
  });
});
