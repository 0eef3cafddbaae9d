import { expect } from 'chai';
import TOML from '@iarna/toml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { moduleCatalog } from '../../src/modules/registry.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import { render } from '../../src/vars/render.js';
import { renderValue } from '../../src/vars/render-value.js';

// The containerd config templates against the keys DESIGN.md checked upstream.
// (The lab has containerd 1.6, whose `config dump` validates version 2 in the
// end-to-end tests; version 3 is checked here for shape only.)
const templates = join(import.meta.dirname, '..', '..', '..', 'templates', 'containerd');
const vars = {
  containerd_socket: '/run/containerd/containerd.sock',
  containerd_sandbox_image: 'registry.example/pause:3.9',
  containerd_registry_config_path: '/etc/containerd/certs.d',
};
// biome-ignore lint/suspicious/noExplicitAny: the assertions walk a parsed document whose shape they check
type ParsedToml = Record<string, any>;
const renderToml = (file: string, cgroup: string) =>
  TOML.parse(
    render(
      readFileSync(join(templates, file), 'utf8'),
      { ...vars, kubelet_cgroup_driver: cgroup },
      { file, line: 1, col: 1 },
    ),
  ) as ParsedToml;

describe('containerd config templates', () => {
  it('version 2: CRI enabled, sandbox_image, SystemdCgroup from the cgroup driver, registry config_path', () => {
    const c = renderToml('config-v2.toml.hbs', 'systemd');
    expect(c.version).to.equal(2);
    expect(c.disabled_plugins).to.deep.equal([]);
    const cri = c.plugins['io.containerd.grpc.v1.cri'];
    expect(cri.sandbox_image).to.equal('registry.example/pause:3.9');
    expect(cri.containerd.runtimes.runc.options.SystemdCgroup).to.equal(true);
    expect(cri.registry.config_path).to.equal('/etc/containerd/certs.d');
    expect(cri.registry.mirrors).to.equal(undefined);
    expect(
      renderToml('config-v2.toml.hbs', 'cgroupfs').plugins['io.containerd.grpc.v1.cri'].containerd.runtimes.runc.options
        .SystemdCgroup,
    ).to.equal(false);
  });

  it('version 3: pinned sandbox image, runtime and images plugins, registry config_path', () => {
    const c = renderToml('config-v3.toml.hbs', 'systemd');
    expect(c.version).to.equal(3);
    expect(c.plugins['io.containerd.cri.v1.images'].pinned_images.sandbox).to.equal('registry.example/pause:3.9');
    expect(c.plugins['io.containerd.cri.v1.images'].registry.config_path).to.equal('/etc/containerd/certs.d');
    expect(c.plugins['io.containerd.cri.v1.runtime'].containerd.runtimes.runc.options.SystemdCgroup).to.equal(true);
    expect(c.plugins['io.containerd.grpc.v1.cri']).to.equal(undefined);
  });
});

describe("the containerd playbook's control_plane_host", () => {
  const playbook = loadPlaybook(
    join(import.meta.dirname, '..', '..', '..', 'playbooks', 'containerd.yaml'),
    moduleCatalog,
  );
  const migration = playbook.plays.find((p) => p.hosts === 'kube_control_plane')!;
  const origin = { file: 'containerd.yaml', line: 1, col: 1 };
  const where = (host: string, controlPlane: string[]) =>
    renderValue(
      String(migration.defaults.control_plane_host),
      { inventory_hostname: host, groups: { kube_control_plane: controlPlane } },
      origin,
    );

  it('is another control-plane host when there is one, so kubectl keeps an API while this node switches', () => {
    expect(where('cp1', ['cp1', 'cp2', 'cp3'])).to.equal('cp2');
    expect(where('cp2', ['cp1', 'cp2', 'cp3'])).to.equal('cp1');
    expect(where('node1', ['cp1', 'cp2'])).to.equal('cp1');
  });

  it('is the node itself on a single control plane (kubectl then waits for its API to come back)', () => {
    expect(where('cp1', ['cp1'])).to.equal('cp1');
  });
});

describe("the migration's messages built with {% if %} and {% for %}", () => {
  const playbook = loadPlaybook(
    join(import.meta.dirname, '..', '..', '..', 'playbooks', 'containerd.yaml'),
    moduleCatalog,
  );
  // The last play: the control-plane nodes' migration (the first one is the preflight).
  const migration = playbook.plays[playbook.plays.length - 1]!;
  type AnyTask = {
    name?: string;
    args?: Record<string, unknown>;
    block?: AnyTask[];
    rescue?: AnyTask[];
    always?: AnyTask[];
  };
  const find = (tasks: AnyTask[], name: string): AnyTask | undefined => {
    for (const t of tasks) {
      if (t.name === name) return t;
      const inner = find([...(t.block ?? []), ...(t.rescue ?? []), ...(t.always ?? [])], name);
      if (inner) return inner;
    }
    return undefined;
  };
  const msgOf = (name: string) => String(find(migration.tasks as AnyTask[], name)!.args!.msg);
  const origin = { file: 'migrate-node.yaml', line: 1, col: 1 };
  const failed = {
    ansible_failed_task: { name: 'Start kubelet' },
    ansible_failed_result: { msg: 'boom' },
    node_name: 'n1',
  };

  it('ROLLBACK INCOMPLETE says where the node was left, or that the API did not answer', () => {
    const msg = msgOf('Stop the rollout (rollback incomplete)');
    const left = { node: 'n1', unschedulable: true, ready: false, container_runtime: 'docker://20.10.7' };
    expect(renderValue(msg, { ...failed, left }, origin))
      .to.contain('ROLLBACK INCOMPLETE on n1: Start kubelet failed (boom).')
      .and.contain('The node is cordoned, NotReady, on docker://20.10.7.');
    expect(renderValue(msg, { ...failed, left: { failed: true } }, origin))
      .to.contain('The API did not answer: its state is unknown.')
      .and.not.contain('The node is');
  });

  it("Docker's settings containerd cannot take are each reported", () => {
    const msg = msgOf('Report Docker settings that containerd cannot take over (nothing is dropped silently)');
    const docker = {
      not_carried: [
        { setting: 'data-root', value: '"/data/docker"', what: 'move it' },
        { setting: 'live-restore', value: 'true', what: 'none' },
      ],
    };
    expect(renderValue(msg, { node_name: 'n1', docker }, origin)).to.equal(
      'n1: not carried to containerd: data-root = "/data/docker": move it. live-restore = true: none. ',
    );
  });
});
