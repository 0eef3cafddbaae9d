import { expect } from 'chai';
import { runtimeReady } from '../../src/modules/cri-pods-ready.js';
import { hostNames, runYaml } from '../support/run.js';
import { installStandIns, STUB_PATH } from './runtime/stand-ins.js';

// cri_pods_ready over SSH on a lab host, with a crictl stand-in (runtime/stand-ins.ts);
// test/e2e proves real migrated nodes with it.
describe('cri_pods_ready module', () => {
  const host = () => hostNames()[0]!;
  const ready = JSON.stringify({
    status: {
      conditions: [
        { type: 'RuntimeReady', status: true },
        { type: 'NetworkReady', status: false },
      ],
    },
  });
  const task = (pods: string[]) =>
    `- hosts: ${host()}\n  tasks:\n    - name: proof\n      cri_pods_ready: { pods: ${JSON.stringify(pods)} }\n      ${STUB_PATH}\n`;

  it('is ok when the runtime is ready and each pod has a ready sandbox (names matched whole), and fails naming the missing ones', async () => {
    installStandIns(host(), {
      'crictl-info': ready,
      running: 'kube-system/kube-proxy-n1\ndefault/web-1\ndefault/web-10\n',
    });
    const ok = (await runYaml(task(['kube-system/kube-proxy-n1', 'default/web-1']))).task('proof').get(host())!;
    expect(ok, ok.msg).to.deep.include({
      status: 'ok',
      changes: [],
      msg: "runtime ready; each of the node's 2 pod(s) has a ready sandbox",
    });
    expect(ok.data).to.deep.include({ runtime_ready: true, pods: 2, missing: [] });
    const missing = (await runYaml(task(['default/web-1', 'default/web', 'kube-system/web-10'])))
      .task('proof')
      .get(host())!;
    expect(missing).to.deep.include({
      status: 'failed',
      msg: 'no ready sandbox through crictl for: default/web kube-system/web-10',
    });
  });

  it('fails when the runtime is not ready, saying so', async () => {
    installStandIns(host(), {
      'crictl-info': JSON.stringify({ status: { conditions: [{ type: 'RuntimeReady', status: false }] } }),
      running: '',
    });
    const r = (await runYaml(task(['default/web-1']))).task('proof').get(host())!;
    expect(r).to.deep.include({
      status: 'failed',
      msg: 'crictl info: the runtime is not ready (its RuntimeReady condition is not true)',
    });
    expect(r.data.missing).to.deep.equal(['default/web-1']);
  });

  it("reads crictl info's RuntimeReady condition, and nothing else, as ready", () => {
    expect(runtimeReady(ready)).to.equal(true);
    expect(runtimeReady('{"status":{"conditions":[{"type":"NetworkReady","status":true}]}}')).to.equal(false);
    expect(runtimeReady('not json')).to.equal(false);
  });
});
