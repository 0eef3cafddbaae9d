import { expect } from 'chai';
import { hostFile, onHost } from '../support/host-shell.js';
import { startHttpsServer, type HttpsServer } from '../support/https-server.js';
import { hostNames, runYaml } from '../support/run.js';

// validate_certs on uri and get_url against an HTTPS server whose certificate signs
// itself (made at test time). ansible-playbook 2.14 on a lab host, the same four
// tasks against the same kind of server (2026-12-08):
//   uri (default):  failed, status -1, "Status code was -1 and not [200]: Request failed: <urlopen error
//                   [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:992)>"
//   uri validate_certs: false:     ok, status 200, content the body
//   get_url (default):  failed, "Request failed: <urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate
//                   verify failed: self-signed certificate (_ssl.c:992)>", dest not written
//   get_url validate_certs: false: changed, dest written
// runbook says the same but for Python's source position "(_ssl.c:992)"; get_url's message
// is prefixed with "download failed: URL: " as all its download errors are.
describe('uri and get_url validate_certs against a self-signed HTTPS server', function () {
  this.timeout(60_000);
  const host = () => hostNames()[0]!;
  const refused = '<urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate>';
  let server: HttpsServer;
  const task = async (module: string, args: object) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: t\n      ${module}: ${JSON.stringify(args)}\n`))
      .task('t')
      .get(host())!;

  before(async () => {
    server = await startHttpsServer('secure hello\n');
  });
  beforeEach(() => onHost(host(), 'rm -rf /srv/tls && mkdir -p /srv/tls'));
  after(async () => {
    onHost(host(), 'rm -rf /srv/tls');
    await server.close();
  });

  it("uri: validate_certs true (the default) fails with Ansible's urlopen error; false reads the body", async () => {
    const strict = await task('uri', { url: server.url, return_content: true });
    expect([strict.status, strict.msg, strict.data.status, strict.data.content]).to.deep.equal([
      'failed',
      `Status code was -1 and not [200]: Request failed: ${refused}`,
      -1,
      '',
    ]);
    expect(server.hits()).to.equal(0);
    const loose = await task('uri', { url: server.url, validate_certs: false, return_content: true });
    expect([loose.status, loose.msg, loose.data.status, loose.data.content]).to.deep.equal([
      'ok',
      'OK (13 bytes)',
      200,
      'secure hello\n',
    ]);
    expect(server.hits()).to.equal(1);
  });

  it("get_url: validate_certs true fails with Ansible's words and writes nothing; false downloads, then is ok", async () => {
    const dest = '/srv/tls/hello.txt';
    const hits = server.hits();
    const strict = await task('get_url', { url: server.url, dest });
    expect([strict.status, strict.msg]).to.deep.equal([
      'failed',
      `download failed: ${server.url}: Request failed: ${refused}`,
    ]);
    expect([hostFile(host(), dest), onHost(host(), 'ls -A /srv/tls'), server.hits()]).to.deep.equal([null, '', hits]);
    const loose = await task('get_url', { url: server.url, dest, validate_certs: false });
    expect([loose.status, loose.msg, hostFile(host(), dest)]).to.deep.equal([
      'changed',
      'OK (13 bytes)',
      'secure hello\n',
    ]);
    const again = await task('get_url', { url: server.url, dest, validate_certs: false });
    expect([again.status, again.msg, hostFile(host(), dest)]).to.deep.equal(['ok', 'OK (13 bytes)', 'secure hello\n']);
  });
});
