import { expect } from 'chai';
import { editFlags } from '../../src/modules/kubelet/kubelet-flags-format.js';

describe('kubelet flags inside an env variable', () => {
  it('sets new flags after the existing ones and keeps the others in place', () => {
    expect(
      editFlags(
        '--network-plugin=cni --v=2',
        { 'container-runtime-endpoint': 'unix:///run/containerd/containerd.sock' },
        [],
      ),
    ).to.equal('--network-plugin=cni --v=2 --container-runtime-endpoint=unix:///run/containerd/containerd.sock');
  });
  it('replaces a value in place, reads `--name value`, and removes by name with or without dashes', () => {
    expect(
      editFlags('--container-runtime docker --pod-infra-container-image=a:1 --v=2', { 'container-runtime': 'remote' }, [
        '--pod-infra-container-image',
      ]),
    ).to.equal('--container-runtime=remote --v=2');
  });
  it('writes a bare flag for null and collapses repeats', () => {
    expect(editFlags('--x=1 --x=2', { x: '3', 'fail-swap-on': null }, [])).to.equal('--x=3 --fail-swap-on');
  });
  it('keeps words that are not flags', () => {
    expect(editFlags('$EXTRA --a=1', {}, ['a'])).to.equal('$EXTRA');
  });
});
