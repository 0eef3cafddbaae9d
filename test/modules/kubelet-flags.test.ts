import { expect } from 'chai';
import { hostFile, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

describe('kubelet_flags module', () => {
  const host = () => hostNames()[0]!;
  const yaml = `
- hosts: HOST
  tasks:
    - name: flags
      kubelet_flags:
        path: /srv/kf/kubelet
        key: KUBELET_EXTRA_ARGS
        set: { container-runtime: remote, container-runtime-endpoint: "unix:///run/containerd/containerd.sock" }
        remove: [pod-infra-container-image]
`;
  beforeEach(() =>
    onHost(
      host(),
      `rm -rf /srv/kf && mkdir -p /srv/kf && printf '# kubelet\\nKUBELET_EXTRA_ARGS="--network-plugin=cni ` +
        `--pod-infra-container-image=k8s.gcr.io/pause:3.2"\\nOTHER=1\\n' > /srv/kf/kubelet`,
    ),
  );

  it('edits the flags, then is ok; the rest of the file is untouched; --check writes nothing', async () => {
    const play = yaml.replace('HOST', host());
    const before = treeDigest(host(), '/srv/kf');
    const check = (await runYaml(play, { check: true, diff: true })).task('flags').get(host())!;
    expect(check.status).to.equal('changed');
    expect(treeDigest(host(), '/srv/kf')).to.equal(before);

    expect((await runYaml(play)).task('flags').get(host())!.status).to.equal('changed');
    expect(hostFile(host(), '/srv/kf/kubelet')).to.equal(
      '# kubelet\nKUBELET_EXTRA_ARGS="--network-plugin=cni --container-runtime=remote ' +
        '--container-runtime-endpoint=unix:///run/containerd/containerd.sock"\nOTHER=1\n',
    );
    expect((await runYaml(play)).task('flags').get(host())!.status).to.equal('ok');
    expect(onHost(host(), '. /srv/kf/kubelet; printf %s "$KUBELET_EXTRA_ARGS"')).to.contain(
      '--container-runtime=remote',
    );
  });
});
