// Kubespray's idioms (issue 28) under both engines: what the containerd and
// preinstall roles of Kubespray v2.23.3 write, in playbooks of our own, run by
// runbook and by ansible-playbook 2.14 on the same lab host with the same outcome.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: Kubespray idioms', function () {
  this.timeout(180_000);

  it('kubespray-expressions: urlsplit, regex_escape, regex_findall flags, sameas, type_debug, divisibleby, with_nested and product', () => {
    bothEngines('kubespray-expressions', {
      ended: 'ok',
      recap: [counts({ ok: 7, changed: 7 })],
      files: [
        {
          url:
            'User:pw@Mirror.Example.com:5000 mirror.example.com 5001\n' +
            'fragment,hostname,netloc,password,path,port,query,scheme,username registry.local\n',
          regex: 'k8s\\.gcr\\.io/pause:3\\.9\\ \\(x\\) a\\.b\\[c\\]\\^\\$\n10.0.0.2\n10.0.0.2,10.0.0.3\na+b,a+\n',
          sameas: 'early other\n',
          types: 'bool,int,float,NoneType,str,list,dict odd\n',
          nested: 'a-1\na-2\nb-1\nb-2\n',
          product: 'a-1\na-2\nb-1\nb-2\n',
        },
      ],
    });
  });

  it('kubespray-facts: a set_fact delegated to localhost read as hostvars.localhost; templated set_fact names', () => {
    bothEngines('kubespray-facts', {
      ended: 'ok',
      recap: [counts({ ok: 6, changed: 2 })],
      files: [{ facts: '127.0.0.1 read 1\nvalue-alpha value-beta worker only here\n' }],
    });
  });

  it("kubespray-role-vars: a dependency's include_vars with_first_found finds the vars file of the role above it", () => {
    bothEngines('kubespray-role-vars', {
      ended: 'ok',
      recap: [counts({ ok: 4, changed: 3 })],
      files: [{ repos: 'deb http://example.invalid/debian stable main\n', common: 'from-common-defaults\n' }],
    });
  });
});
