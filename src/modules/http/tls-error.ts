// curl's words for a certificate it refused, said as Ansible 2.14 says them. Both
// read OpenSSL's verify error, so the reason is the same text: ansible-playbook on
// a lab host against a self-signed server said "Request failed: <urlopen error
// [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed
// certificate (_ssl.c:992)>" (uri and get_url alike); curl says "SSL certificate
// problem: self-signed certificate" and then three lines of advice. Python's
// source position (_ssl.c:992) is left out: it names no fact of the request.

/** Ansible's urlopen error when `curlStderr` is curl refusing a certificate, else undefined. */
export function certificateError(curlStderr: string): string | undefined {
  const reason = /SSL certificate problem: (.+)/.exec(curlStderr)?.[1]?.trim();
  return reason === undefined
    ? undefined
    : `<urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${reason}>`;
}
