import { expect } from 'chai';
import { certificateError } from '../../../src/modules/http/tls-error.js';

// curl's stderr (curl 7.88, Debian 12, the lab's) for a refused certificate, turned into the
// urlopen error ansible-playbook 2.14 reported for the same server (less Python's "(_ssl.c:992)").
describe('certificateError: curl refusing a certificate, in Ansible words', () => {
  const advice =
    '\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server ...\n';

  it("gives OpenSSL's reason after CERTIFICATE_VERIFY_FAILED, without curl's advice lines", () => {
    expect(certificateError(`curl: (60) SSL certificate problem: self-signed certificate${advice}`)).to.equal(
      '<urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate>',
    );
    expect(certificateError('curl: (60) SSL certificate problem: unable to get local issuer certificate\n')).to.equal(
      '<urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate>',
    );
  });

  it('leaves every other failure alone', () => {
    expect(certificateError('curl: (7) Failed to connect to 127.0.0.1 port 1: Connection refused\n')).to.equal(
      undefined,
    );
    expect(certificateError('')).to.equal(undefined);
  });
});
