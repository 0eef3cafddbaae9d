import { expect } from 'chai';
import TOML from '@iarna/toml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from '../../src/vars/render.js';

// The containerd config templates against the keys DESIGN.md checked upstream.
// (The lab has containerd 1.6, whose `config dump` validates version 2 in the
// end-to-end tests; version 3 is checked here for shape only.)
const templates = join(import.meta.dirname, '..', '..', '..', 'templates', 'containerd');
const vars = {
  containerd_socket: '/run/containerd/containerd.sock',
  containerd_sandbox_image: 'registry.example/pause:3.9',
  containerd_registry_config_path: '/etc/containerd/certs.d',
};
const renderToml = (file: string, cgroup: string) =>
  TOML.parse(render(readFileSync(join(templates, file), 'utf8'), { ...vars, kubelet_cgroup_driver: cgroup }, { file, line: 1, col: 1 })) as Record<string, any>;

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
    expect(renderToml('config-v2.toml.hbs', 'cgroupfs').plugins['io.containerd.grpc.v1.cri'].containerd.runtimes.runc.options.SystemdCgroup).to.equal(false);
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
