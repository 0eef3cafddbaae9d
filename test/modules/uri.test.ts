import { expect } from 'chai';
import { startHttpServer, type TestServer } from '../support/http-server.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// uri from a lab host (its curl) to a local HTTP server. The result fields are
// those ansible-playbook 2.14 registered for the same requests on a lab host:
// status, url, redirected, msg "OK (N bytes)", elapsed, the response headers
// lower-cased with - as _, json for a JSON body, content with return_content;
// a status outside status_code failed "Status code was 404 and not [200, 201]:
// HTTP Error 404: Not Found"; a refused connection "Status code was -1 and not
// [200]: Request failed: …" with status -1.
describe('uri module', function () {
  this.timeout(60_000);
  const host = () => hostNames()[0]!;
  let server: TestServer;
  const play = (tasks: string, opts: RunOpts = {}) => runYaml(`- hosts: ${host()}\n  tasks:\n${tasks}`, opts);
  const task = async (args: object, opts: RunOpts = {}) =>
    (await play(`    - name: u\n      uri: ${JSON.stringify(args)}\n`, opts)).task('u').get(host())!;

  before(async () => {
    server = await startHttpServer({
      '/ready': {
        status: 200,
        body: '{"ready": true, "nodes": [1, 2]}',
        headers: { 'content-type': 'application/json' },
      },
      '/text': 'plain words\n',
      '/created': { status: 201, body: 'made' },
    });
  });
  after(() => server.close());

  it('GET: status, url, msg, headers and json; ok, never changed; --check skips it (no request)', async () => {
    const r = await task({ url: server.url('/ready') });
    // This server sends no Content-Length (chunked): Ansible said "OK (unknown bytes)" too.
    expect([r.status, r.changes, r.msg]).to.deep.equal(['ok', [], 'OK (unknown bytes)']);
    expect(r.data).to.deep.include({
      status: 200,
      url: server.url('/ready'),
      redirected: false,
      content_type: 'application/json',
      transfer_encoding: 'chunked',
      cookies: {},
      cookies_string: '',
      elapsed: 0,
      json: { ready: true, nodes: [1, 2] },
    });
    expect(r.data.date).to.be.a('string');
    expect(r.data).to.not.have.property('content');
    const hits = server.hits('/ready');
    const checked = await task({ url: server.url('/ready') }, { check: true });
    expect([checked.status, checked.msg]).to.deep.equal(['skipped', 'remote module (uri) does not support check mode']);
    expect(server.hits('/ready')).to.equal(hits);
  });

  it("return_content gives the body; status_code lists accept other statuses; others fail with Ansible's message", async () => {
    const text = await task({ url: server.url('/text'), return_content: true });
    expect([text.status, text.data.content]).to.deep.equal(['ok', 'plain words\n']);
    const created = await task({ url: server.url('/created'), status_code: [200, 201] });
    expect([created.status, created.data.status]).to.deep.equal(['ok', 201]);
    const missing = await task({ url: server.url('/nosuch'), status_code: '200, 201' });
    expect([missing.status, missing.msg, missing.data.status]).to.deep.equal([
      'failed',
      'Status code was 404 and not [200, 201]: HTTP Error 404: Not Found',
      404,
    ]);
    const refused = await task({ url: 'http://127.0.0.1:1/' });
    expect([refused.status, refused.data.status]).to.deep.equal(['failed', -1]);
    expect(refused.msg).to.match(/^Status code was -1 and not \[200\]: Request failed: .*[Cc]onnect/);
  });

  it('POST with body_format json sends JSON with its content type; until retries on the registered status as roles write it', async () => {
    server.route('/api', {
      status: 201,
      body: '{"id": 7}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    const r = await task({
      url: server.url('/api'),
      method: 'POST',
      body_format: 'json',
      body: { name: 'n1', n: 2 },
      status_code: 201,
    });
    expect([r.status, r.data.json]).to.deep.equal(['ok', { id: 7 }]);
    const seen = server.last('/api')!;
    expect([seen.method, seen.headers['content-type'], JSON.parse(seen.body)]).to.deep.equal([
      'POST',
      'application/json',
      { name: 'n1', n: 2 },
    ]);
    // Ready on the third request: until reads h.status and h.json as an Ansible role does.
    server.route('/health', (hit) =>
      hit < 3
        ? { status: 503, body: 'wait' }
        : { status: 200, body: '{"ready": true}', headers: { 'content-type': 'application/json' } },
    );
    const rec = await play(
      `    - name: u\n      uri: { url: "${server.url('/health')}" }\n      register: h\n      until: ` +
        `h.status == 200 and h.json.ready\n      retries: 10\n      delay: 0\n`,
    );
    const polled = rec.task('u').get(host())!;
    expect([polled.status, polled.data.attempts, server.hits('/health')]).to.deep.equal(['ok', 3, 3]);
  });
});
