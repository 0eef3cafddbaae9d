import { expect } from 'chai';
import { containerdRef } from '../../src/modules/runtime/image-ref.js';
import { onHost } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';
import { installStandIns, STUB_PATH } from './runtime/stand-ins.js';

// containerd_images_from_docker over SSH on a lab host, with docker and ctr stand-ins
// (runtime/stand-ins.ts); test/e2e carries real images between the real daemons.
describe('containerd_images_from_docker module', () => {
  const host = () => hostNames()[0]!;
  const task = (images: string[]) =>
    `- hosts: ${host()}\n  tasks:\n    - name: carry\n      containerd_images_from_docker: { images: ${JSON.stringify(images)} }\n      ${STUB_PATH}\n`;

  it('carries each image Docker has and containerd lacks, counts the bytes, names what it could not carry, and a second run carries nothing', async () => {
    installStandIns(host(), {
      'docker-images': 'nginx:1.25\nregistry.k8s.io/pause:3.9\nbroken/img:1\nregistry.k8s.io/coredns:1.10\n',
      'ctr-k8s.io': 'registry.k8s.io/coredns:1.10\n',
    });
    const images = [
      'nginx:1.25',
      'registry.k8s.io/pause:3.9',
      'broken/img:1',
      'registry.k8s.io/coredns:1.10',
      'gone:2',
      'nginx:1.25',
    ];
    const first = (await runYaml(task(images))).task('carry').get(host())!;
    expect(first.status, first.msg).to.equal('changed');
    expect(first.changes).to.deep.equal([
      "carry 3 image(s) from Docker into containerd's k8s.io namespace: broken/img:1, nginx:1.25, registry.k8s.io/pause:3.9",
    ]);
    // The stand-in's save stream: "IMAGE <name>\n" and 4 KiB.
    const stream = (name: string) => `IMAGE ${name}\n`.length + 4096;
    expect(first.data).to.deep.include({
      carried: ['nginx:1.25', 'registry.k8s.io/pause:3.9'],
      missed: ['broken/img:1'],
      not_in_docker: ['gone:2'],
      in_containerd: ['registry.k8s.io/coredns:1.10'],
    });
    expect(first.data.bytes).to.equal(stream('nginx:1.25') + stream('registry.k8s.io/pause:3.9'));
    expect(first.msg).to.equal(
      `carried 2 image(s), ${String(first.data.bytes)} bytes, from Docker into containerd; could not carry: broken/img:1`,
    );
    expect(onHost(host(), 'cat /srv/stubs/ctr-k8s.io')).to.equal(
      'registry.k8s.io/coredns:1.10\ndocker.io/library/nginx:1.25\nregistry.k8s.io/pause:3.9\n',
    );
    onHost(host(), "sed -i '/broken/d' /srv/stubs/docker-images");
    const again = (await runYaml(task(images))).task('carry').get(host())!;
    expect(again).to.deep.include({
      status: 'ok',
      changes: [],
      msg: 'carried 0 image(s): containerd has each image Docker has',
    });
  });

  it('under --check lists what it would carry and imports nothing', async () => {
    installStandIns(host(), { 'docker-images': 'nginx:1.25\n' });
    const checked = (await runYaml(task(['nginx:1.25']), { check: true })).task('carry').get(host())!;
    expect(checked.status).to.equal('changed');
    expect(checked.changes).to.deep.equal([
      "carry 1 image(s) from Docker into containerd's k8s.io namespace: nginx:1.25",
    ]);
    expect(onHost(host(), 'cat /srv/stubs/ctr-k8s.io 2>/dev/null || echo none')).to.equal('none\n');
  });

  it("names images as containerd stores what `docker save` gives it (Docker's normalisation)", () => {
    expect(
      [
        'nginx',
        'nginx:1.25',
        'library/nginx:1.25',
        'bitnami/redis:7',
        'registry.k8s.io/pause:3.9',
        'localhost/app',
        'reg:5000/app:1',
        'quay.io/a/b@sha256:ab',
      ].map(containerdRef),
    ).to.deep.equal([
      'docker.io/library/nginx:latest',
      'docker.io/library/nginx:1.25',
      'docker.io/library/nginx:1.25',
      'docker.io/bitnami/redis:7',
      'registry.k8s.io/pause:3.9',
      'localhost/app:latest',
      'reg:5000/app:1',
      'quay.io/a/b@sha256:ab',
    ]);
  });
});
