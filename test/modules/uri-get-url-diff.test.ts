import { expect } from 'chai';
import { onHost } from '../support/host-shell.js';
import { startHttpServer, type TestServer } from '../support/http-server.js';
import { applyPlain } from '../support/plain-apply.js';
import { hostNames } from '../support/run.js';

// --diff and --check --diff on get_url and uri: no diff is shown, as ansible-playbook 2.14
// shows none (both modules' diff_mode support is "none"). ansible-playbook on a lab host,
// the same five tasks (2026-12-08), default callback:
//   --check --diff: new, changed: "changed: [host]"; same: "changed" too (Ansible's check
//     mode asks with HEAD and compares dest with an empty body); uri, uridest: "skipping: …
//     remote module (ansible.legacy.uri) does not support check mode"; recap ok=3 changed=3
//     skipped=2; nothing written.
//   --diff: new, changed, uridest "changed", same and uri "ok"; recap ok=5 changed=3; no
//     "---"/"+++" line anywhere, no fatal line.
// runbook differs only where written below: under --check, same is ok (the body is
// fetched and hashed, so the answer is the real one), and the skip names the module as
// written (uri).
describe('--diff on get_url and uri: no diff shown, as Ansible', function () {
  this.timeout(120_000);
  const host = () => hostNames()[0]!;
  let server: TestServer;
  const dir = '/srv/netdiff';
  const yaml = () => `- hosts: ${host()}
  gather_facts: false
  tasks:
    - { name: new, get_url: { url: "${server.url('/v1')}", dest: ${dir}/new.txt } }
    - { name: changed, get_url: { url: "${server.url('/v2')}", dest: ${dir}/changed.txt, force: true } }
    - { name: same, get_url: { url: "${server.url('/v1')}", dest: ${dir}/same.txt, force: true } }
    - { name: uri, uri: { url: "${server.url('/v1')}", return_content: true } }
    - { name: uridest, uri: { url: "${server.url('/v2')}", dest: ${dir}/uri.txt } }
`;
  const files = () => onHost(host(), `cd ${dir} && for f in *; do echo "$f: $(cat "$f")"; done`);
  const task = (name: string, line: string) => [`TASK [${name}]`, line];
  const recap = (counts: string) => ['PLAY RECAP', `${host()} : ${counts} rescued=0 ignored=0`];

  before(async () => {
    server = await startHttpServer({ '/v1': 'version one\n', '/v2': 'version two\n' });
  });
  beforeEach(() =>
    onHost(
      host(),
      `rm -rf ${dir} && mkdir -p ${dir} && echo old > ${dir}/changed.txt && echo version one > ${dir}/same.txt`,
    ),
  );
  after(async () => {
    onHost(host(), `rm -rf ${dir}`);
    await server.close();
  });

  it('--check --diff: get_url changed with no diff, uri skipped; nothing written', async () => {
    const r = await applyPlain(yaml(), host(), ['--check', '--diff']);
    const skip = `skipping: [${host()}] => remote module (uri) does not support check mode`;
    expect([r.code, r.lines]).to.deep.equal([
      0,
      [
        '(check mode: nothing will be changed)',
        `PLAY [${host()}]`,
        ...task('new', `changed: [${host()}]`),
        ...task('changed', `changed: [${host()}]`),
        ...task('same', `ok: [${host()}]`),
        ...task('uri', skip),
        ...task('uridest', skip),
        ...recap('ok=3 changed=2 unreachable=0 failed=0 skipped=2'),
      ],
    ]);
    expect(files()).to.equal('changed.txt: old\nsame.txt: version one\n');
  });

  it('--diff: the downloads and the uri dest are changed with no diff, the rest ok; files written', async () => {
    const r = await applyPlain(yaml(), host(), ['--diff']);
    const changed = `changed: [${host()}]`;
    expect([r.code, r.lines]).to.deep.equal([
      0,
      [
        `PLAY [${host()}]`,
        ...task('new', changed),
        ...task('changed', changed),
        ...task('same', `ok: [${host()}]`),
        ...task('uri', `ok: [${host()}]`),
        ...task('uridest', changed),
        ...recap('ok=5 changed=3 unreachable=0 failed=0 skipped=0'),
      ],
    ]);
    const written = 'changed.txt: version two\nnew.txt: version one\nsame.txt: version one\nuri.txt: version two\n';
    expect(files()).to.equal(written);
  });
});
