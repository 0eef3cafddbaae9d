import { expect } from 'chai';
import { hostFile, onHost } from '../support/host-shell.js';
import { startHttpServer, type TestServer } from '../support/http-server.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// uri's dest, src, creates and removes from a lab host. What ansible-playbook 2.14
// did with the same tasks (uri against Python's http.server): dest written, changed,
// with path/size/mode/state; again, the request carried If-Modified-Since and the
// server's 304 "failed: Status code was 304 and not [200]: HTTP Error 304: Not
// Modified", and with status_code [200, 304] it was ok, not changed; a directory
// dest took the URL's file name; creates/removes gave ok with stdout "skipped,
// since '…' exists" / "… does not exist"; --check skipped the task. The corpus case
// uri-files (test/ansible-corpus-packages.test.ts) runs them under both engines.
describe('uri module: dest, src, creates, removes', function () {
  this.timeout(60_000);
  const host = () => hostNames()[0]!;
  const dir = '/tmp/uri-files';
  let server: TestServer;
  const task = async (args: object, opts: RunOpts & { files?: Record<string, string> } = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: u\n      uri: ${JSON.stringify(args)}\n`, opts))
      .task('u')
      .get(host())!;

  before(async () => {
    server = await startHttpServer({
      '/note.txt': (hit) => (hit === 1 ? { status: 200, body: 'hello note\n' } : { status: 304 }),
      '/fresh.txt': 'fresh\n',
      '/upload': { status: 201, body: 'stored' },
    });
  });
  beforeEach(() => onHost(host(), `rm -rf ${dir} && mkdir -p ${dir}`));
  after(async () => {
    onHost(host(), `rm -rf ${dir}`);
    await server.close();
  });

  it('dest: written and changed; again: If-Modified-Since sent, 304 is ok when listed, not changed, file kept', async () => {
    const args = { url: server.url('/note.txt'), dest: `${dir}/note.txt`, status_code: [200, 304] };
    const first = await task(args);
    expect([first.status, first.changes]).to.deep.equal([
      'changed',
      [`write the response to ${dir}/note.txt (11 bytes)`],
    ]);
    expect(first.data).to.deep.include({ status: 200, path: `${dir}/note.txt`, size: 11, mode: '0644', state: 'file' });
    expect(hostFile(host(), `${dir}/note.txt`)).to.equal('hello note\n');
    const again = await task(args);
    expect([again.status, again.changes, again.msg]).to.deep.equal(['ok', [], 'HTTP Error 304: Not Modified']);
    expect(again.data).to.deep.include({ status: 304, path: `${dir}/note.txt`, size: 11 });
    expect(server.last('/note.txt')!.headers['if-modified-since']).to.match(/^\w{3}, \d{2} \w{3} \d{4} [\d:]{8} GMT$/);
    expect(hostFile(host(), `${dir}/note.txt`)).to.equal('hello note\n');
    const strict = await task({ url: server.url('/note.txt'), dest: `${dir}/note.txt` });
    expect([strict.status, strict.msg]).to.deep.equal([
      'failed',
      'Status code was 304 and not [200]: HTTP Error 304: Not Modified',
    ]);
  });

  it('a directory dest takes the file name from the URL; --check skips the task and writes nothing', async () => {
    const check = await task({ url: server.url('/fresh.txt'), dest: `${dir}/` }, { check: true });
    expect([check.status, hostFile(host(), `${dir}/fresh.txt`)]).to.deep.equal(['skipped', null]);
    const r = await task({ url: server.url('/fresh.txt'), dest: `${dir}/` });
    expect([r.status, r.data.path]).to.deep.equal(['changed', `${dir}/fresh.txt`]);
    expect(hostFile(host(), `${dir}/fresh.txt`)).to.equal('fresh\n');
  });

  it('creates and removes leave the task ok with the reason as stdout, and no request', async () => {
    const before = server.hits('/fresh.txt');
    const c = await task({ url: server.url('/fresh.txt'), creates: dir });
    expect([c.status, c.data.stdout]).to.deep.equal(['ok', `skipped, since '${dir}' exists`]);
    const r = await task({ url: server.url('/fresh.txt'), removes: `${dir}/nothere` });
    expect([r.status, r.data.stdout]).to.deep.equal(['ok', `skipped, since '${dir}/nothere' does not exist`]);
    expect(server.hits('/fresh.txt')).to.equal(before);
  });

  it('src sends a files/ file as the body (or the host file with remote_src); body and src together are refused', async () => {
    const sent = await task(
      { url: server.url('/upload'), method: 'POST', src: 'payload.txt', status_code: 201 },
      { files: { 'files/payload.txt': 'from the controller\n' } },
    );
    expect([sent.status, server.last('/upload')!.body]).to.deep.equal(['ok', 'from the controller\n']);
    onHost(host(), `printf 'from the host\\n' > ${dir}/payload.txt`);
    const remote = await task({
      url: server.url('/upload'),
      method: 'PUT',
      src: `${dir}/payload.txt`,
      remote_src: true,
      status_code: 201,
    });
    expect([remote.status, server.last('/upload')!.method, server.last('/upload')!.body]).to.deep.equal([
      'ok',
      'PUT',
      'from the host\n',
    ]);
    const both = await task({ url: server.url('/upload'), body: 'x', src: 'payload.txt' });
    expect([both.status, both.msg]).to.deep.equal(['failed', 'parameters are mutually exclusive: body|src']);
  });
});
