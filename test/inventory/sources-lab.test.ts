// The same lab hosts described the ways operators keep inventories — Kubespray's
// inventory.ini, a directory of INI and YAML files with a group_vars directory,
// two -i options on the command line — each drive playbooks/demo.yaml to the same
// outcome as the lab's own YAML inventory: the same recap and the same files.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Recap } from '../../src/engine/events.js';
import { lab } from '../lab/shared.js';
import { hostFile, hostStat, onHost } from '../support/host-shell.js';
import { hostNames, project, runFile } from '../support/run.js';
import { cliMain } from '../support/cli-bin.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const demo = join(repo, 'playbooks', 'demo.yaml');
const main = cliMain();

interface Outcome {
  recap: Record<string, Record<string, number>>;
  /** Per host: the demo's files, and their modes. */
  files: Record<string, Record<string, string | null>>;
}

function resetHosts(): void {
  for (const h of hostNames()) onHost(h, 'rm -rf /etc/runbook-demo /etc/motd');
}

function hostOutcome(): Outcome['files'] {
  return Object.fromEntries(
    hostNames().map((h) => [
      h,
      {
        motd: hostFile(h, '/etc/motd'),
        conf: hostFile(h, '/etc/runbook-demo/app.conf'),
        // The time of the run differs; that it was written does not.
        firstRun:
          hostFile(h, '/etc/runbook-demo/first-run')?.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/, '<date>') ?? null,
        dirMode: hostStat(h, '/etc/runbook-demo'),
        confMode: hostStat(h, '/etc/runbook-demo/app.conf'),
      },
    ]),
  );
}

async function demoWith(inventory: string | string[]): Promise<Outcome> {
  resetHosts();
  const run = await runFile(demo, { inventory });
  return { recap: recapObject(run.recap), files: hostOutcome() };
}

const recapObject = (recap: Recap): Outcome['recap'] => Object.fromEntries([...recap].map(([h, c]) => [h, { ...c }]));

// app.conf lists the host's groups: the lab's inventory has none (ungrouped), the others do.
function withGroups(expected: Outcome, groups: Record<string, string[]>): Outcome {
  const files = Object.fromEntries(
    Object.entries(expected.files).map(([h, f]) => {
      const shown = (groups[h] ?? []).map((g) => `"${g}"`).join(', ');
      return [h, { ...f, conf: f.conf?.replace(/^groups = \[.*\]$/m, `groups = [${shown}]`) ?? null }];
    }),
  );
  return { recap: expected.recap, files };
}

// One INI host line per lab host, with `extra` variables.
const hostLines = (extra: (i: number) => string): string =>
  lab()
    .hosts.map((h, i) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}${extra(i)}\n`)
    .join('');

describe('inventory sources drive the demo on the lab like its YAML inventory', () => {
  let baseline: Outcome;

  before(async () => {
    baseline = await demoWith(lab().inventoryFile);
    // What the comparison stands on: the demo ran and wrote its files everywhere.
    for (const h of hostNames()) {
      expect(baseline.recap[h]).to.deep.include({ changed: 4, failed: 0, unreachable: 0 });
      expect(baseline.files[h]).to.include({
        firstRun: '<date>',
        dirMode: '755 directory',
        confMode: '640 regular file',
      });
      expect(baseline.files[h]?.conf).to.contain('groups = ["ungrouped"]');
    }
  });

  after(resetHosts);

  it("Kubespray's inventory.ini shape, with its connection settings in group_vars/all/", async () => {
    const [cp, ...workers] = hostNames();
    const dir = project({
      'inventory.ini':
        "# ## Configure 'ip' variable to bind kubernetes services on a different ip than the default iface\n" +
        `[all]\n${hostLines((i) => ` ip=10.3.0.${i + 1} etcd_member_name=etcd${i + 1}`)}\n` +
        `[kube_control_plane]\n${cp}\n\n[etcd]\n${cp}\n\n[kube_node]\n${workers.join('\n')}\n\n[calico_rr]\n\n` +
        '[k8s_cluster:children]\nkube_control_plane\nkube_node\ncalico_rr\n',
      'group_vars/all/all.yml': `ansible_user: root\nansible_ssh_private_key_file: ssh/id_ed25519\nrunbook_known_hosts_file: ${lab().knownHostsFile}\n`,
    });
    // A key path relative to the inventory's directory.
    mkdirSync(join(dir, 'ssh'));
    copyFileSync(lab().keyFile, join(dir, 'ssh', 'id_ed25519'));
    const outcome = await demoWith(join(dir, 'inventory.ini'));
    const groups = Object.fromEntries(
      hostNames().map((h) => [
        h,
        h === cp ? ['etcd', 'k8s_cluster', 'kube_control_plane'] : ['k8s_cluster', 'kube_node'],
      ]),
    );
    expect(outcome).to.deep.equal(withGroups(baseline, groups));
  });

  it('a directory of an INI and a YAML file, with a group_vars directory of several files', async () => {
    const [first, ...rest] = lab().hosts;
    const dir = project({
      'inventory/10-workers.ini': `[workers]\n${rest.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}`).join('\n')}\n`,
      'inventory/20-control.yaml': `control:\n  hosts:\n    ${first?.name}:\n      ansible_host: ${first?.address}\n      ansible_port: ${first?.port}\n`,
      'inventory/group_vars/all/10-user.yml': 'ansible_user: root\n',
      'inventory/group_vars/all/20-ssh.yaml': `ansible_ssh_private_key_file: ${lab().keyFile}\nrunbook_known_hosts_file: ${lab().knownHostsFile}\n`,
      'inventory/notes.md': '# not an inventory: Ansible passes over it, and so does runbook\n',
    });
    const outcome = await demoWith(join(dir, 'inventory'));
    const groups = Object.fromEntries(hostNames().map((h) => [h, h === first?.name ? ['control'] : ['workers']]));
    expect(outcome).to.deep.equal(withGroups(baseline, groups));
  });

  it('two -i options on the command line: hosts from one, connection settings from the other', () => {
    const dir = project({
      'hosts/hosts.ini': hostLines(() => ''),
      'connection/connection.yaml':
        'all:\n  vars:\n    ansible_user: root\n    ansible_ssh_private_key_file: id_ed25519\n' +
        `    runbook_known_hosts_file: ${lab().knownHostsFile}\n`,
    });
    copyFileSync(lab().keyFile, join(dir, 'connection', 'id_ed25519'));
    resetHosts();
    const events = join(dir, 'events.jsonl');
    const args = [
      'apply',
      demo,
      '-i',
      join(dir, 'hosts', 'hosts.ini'),
      '-i',
      join(dir, 'connection', 'connection.yaml'),
      '--plain',
      '--json',
      events,
    ];
    const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    const last = readFileSync(events, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .at(-1);
    expect({ recap: last.recap, files: hostOutcome() }).to.deep.equal(baseline);
  });
});
