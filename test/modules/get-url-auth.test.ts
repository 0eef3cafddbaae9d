// get_url's url_username / url_password (Kubespray's download_file passes them,
// often omitted): curl on the host sends HTTP basic authentication, the
// credentials given as curl's config on stdin, so a password with quotes and
// backslashes arrives whole and never stands on a command line.
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { hostFile, onHost } from '../support/host-shell.js';
import { startHttpServer, type TestServer } from '../support/http-server.js';
import { hostNames, runYaml } from '../support/run.js';

describe('get_url with url_username and url_password', () => {
  const host = () => hostNames()[0]!;
  let server: TestServer;
  const body = 'private release\n';
  const user = 'ops';
  const password = 'p"a\\ss word';

  before(async () => {
    server = await startHttpServer({
      '/private/tool.txt': body,
    });
  });
  after(() => server.close());
  beforeEach(() => onHost(host(), 'rm -rf /srv/ga && mkdir -p /srv/ga'));

  it('sends the credentials as basic authentication and writes the file; validate_certs: false is taken', async () => {
    const args = {
      url: server.url('/private/tool.txt'),
      dest: '/srv/ga/tool.txt',
      checksum: `sha256:${createHash('sha256').update(body).digest('hex')}`,
      url_username: user,
      url_password: password,
      force_basic_auth: true,
      validate_certs: false,
    };
    const yaml = `- hosts: ${host()}\n  tasks:\n    - name: g\n      get_url: ${JSON.stringify(args)}\n`;
    const run = await runYaml(yaml);
    const r = run.task('g').get(host())!;
    expect(r.status, r.msg).to.equal('changed');
    expect(hostFile(host(), '/srv/ga/tool.txt')).to.equal(body);
    const auth = server.last('/private/tool.txt')?.headers.authorization;
    expect(auth).to.equal(`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
  });
});
