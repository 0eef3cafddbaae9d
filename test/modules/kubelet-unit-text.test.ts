import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { apiUnreachable } from '../../src/facts/k8s-kubectl.js';
import { expandExecStart, referencedVariables, serviceDirectives } from '../../src/modules/systemd/unit-text.js';

// What `systemctl cat kubelet` prints on a kubeadm node (unit, then its drop-in).
const KUBEADM = `# /lib/systemd/system/kubelet.service
[Unit]
Description=kubelet: The Kubernetes Node Agent

[Service]
ExecStart=/usr/bin/kubelet
Restart=always

# /etc/systemd/system/kubelet.service.d/10-kubeadm.conf
# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`;

describe('kubelet unit text (systemctl cat)', () => {
  it("reads each file's [Service] directives in order, naming the file they come from", () => {
    const d = serviceDirectives(KUBEADM);
    expect(d.map((x) => `${x.file.split('/').pop()}:${x.key}`)).to.deep.equal([
      'kubelet.service:ExecStart',
      'kubelet.service:Restart',
      '10-kubeadm.conf:Environment',
      '10-kubeadm.conf:Environment',
      '10-kubeadm.conf:EnvironmentFile',
      '10-kubeadm.conf:EnvironmentFile',
      '10-kubeadm.conf:ExecStart',
      '10-kubeadm.conf:ExecStart',
    ]);
    expect(d.at(-2)?.value).to.equal('');
  });

  it("joins lines that end in a backslash (Kubespray's ExecStart)", () => {
    const d = serviceDirectives(
      '# /etc/systemd/system/kubelet.service\n[Service]\nExecStart=/usr/local/bin/kubelet \\\n\t\t$KUBE_LOG_LEVEL \\\n\t\t$KUBELET_ARGS\nRestart=always\n',
    );
    expect(d[0]?.value.split(/\s+/)).to.deep.equal(['/usr/local/bin/kubelet', '$KUBE_LOG_LEVEL', '$KUBELET_ARGS']);
    expect(referencedVariables(d[0]!.value)).to.deep.equal(['KUBE_LOG_LEVEL', 'KUBELET_ARGS']);
  });

  it('expands $VAR into words and ${VAR} in place, as systemd does; an unset variable gives nothing', () => {
    const env = new Map([
      ['A', '--a=1  --b'],
      ['C', 'x y'],
    ]);
    expect(expandExecStart('/bin/kubelet $A --c=${C} $UNSET', env)).to.deep.equal([
      '/bin/kubelet',
      '--a=1',
      '--b',
      '--c=x y',
    ]);
  });
});

describe('apiUnreachable: kubectl saying the API server did not answer', () => {
  it("recognises the real kubectl's message for a closed port, and not an ordinary API error", async () => {
    const r = await promisify(execFile)('kubectl', ['--server=http://127.0.0.1:1', 'get', 'nodes']).catch(
      (e: { stderr: string }) => e,
    );
    const stderr = (r as { stderr: string }).stderr;
    expect(stderr).to.match(/refused/);
    expect(apiUnreachable(stderr)).to.equal(true);
    expect(apiUnreachable('Error from server (NotFound): nodes "x" not found')).to.equal(false);
    expect(apiUnreachable('Error from server (Forbidden): nodes is forbidden')).to.equal(false);
    expect(apiUnreachable('Unable to connect to the server: EOF')).to.equal(true);
  });
});
