// The expressions Kubespray v2.23.3's containerd and preinstall roles write
// (issue 28): urlsplit, regex_escape, regex_findall with multiline=/ignorecase=,
// the sameas test with its argument written bare. Each expected value is what
// ansible-playbook 2.14 printed for the same expression (debug msg, localhost);
// the kubespray-expressions corpus case checks them under both engines.
import { expect } from 'chai';
import type { RunbookError } from '../../src/errors.js';
import { isTrue, parseCondition } from '../../src/vars/condition/index.js';
import { renderValue } from '../../src/vars/render-value.js';
import { runbookError } from '../support/runbook-error.js';

const at = { file: 'p.yaml', line: 3, col: 1 };
const ev = (text: string, vars: object = {}) => renderValue(text, vars, at);
const holds = (text: string, vars: object = {}) => isTrue(parseCondition(text, at), vars);
const failure = (text: string, vars: object = {}): RunbookError => runbookError(() => ev(text, vars));

describe('Kubespray expressions: urlsplit, regex_escape, regex_findall flags, sameas', () => {
  it('urlsplit gives every part in name order, or one by name; hostname lowercased, port a number', () => {
    expect(ev("{{ 'https://User:pw@Reg.Example.com:5000/v2/x?a=1#f' | urlsplit }}")).to.deep.equal({
      fragment: 'f',
      hostname: 'reg.example.com',
      netloc: 'User:pw@Reg.Example.com:5000',
      password: 'pw',
      path: '/v2/x',
      port: 5000,
      query: 'a=1',
      scheme: 'https',
      username: 'User',
    });
    expect(Object.keys(ev("{{ 'http://a' | urlsplit }}") as object)).to.deep.equal([
      'fragment',
      'hostname',
      'netloc',
      'password',
      'path',
      'port',
      'query',
      'scheme',
      'username',
    ]);
    expect(ev("{{ 'https://registry-1.docker.io' | urlsplit('netloc') }}")).to.equal('registry-1.docker.io');
    expect(ev("{{ 'http://[::1]:80/' | urlsplit('hostname') }}")).to.equal('::1');
    expect(ev("{{ 'https://10.0.0.1:6443' | urlsplit('port') }}")).to.equal(6443);
    // No "//": Python reads "registry.local" as the scheme and leaves no netloc.
    expect(ev("{{ 'registry.local:5000' | urlsplit('netloc') }}")).to.equal('');
    expect(ev("{{ 'docker.io' | urlsplit('path') }}")).to.equal('docker.io');
    // None, which Ansible writes as ''.
    expect(ev("{{ 'docker.io' | urlsplit('hostname') }}")).to.equal('');
  });

  it('urlsplit refuses an unknown part and a port that is no number, as Ansible does', () => {
    expect(failure("{{ 'http://a' | urlsplit('host') }}").message).to.contain('urlsplit: unknown URL component: host');
    expect(failure("{{ 'http://a:x/' | urlsplit('netloc') }}").message).to.contain(
      "Port could not be cast to integer value as 'x'",
    );
  });

  it("regex_escape escapes what Python's re.escape escapes; posix_basic only ].[^$*\\", () => {
    expect(ev("{{ 'a.b*c-d e/f_g:h[x]' | regex_escape }}")).to.equal('a\\.b\\*c\\-d\\ e/f_g:h\\[x\\]');
    expect(ev("{{ 'a.b*c[x]^-' | regex_escape('posix_basic') }}")).to.equal('a\\.b\\*c\\[x\\]\\^-');
    expect(failure("{{ 'a' | regex_escape('posix_extended') }}").message).to.contain('not a regex type it knows');
  });

  it('regex_findall takes multiline= and ignorecase=; a group gives its text, an unmatched one ""', () => {
    const conf = 'nameserver 1.1.1.1\nNameserver 8.8.8.8\n#nameserver 9.9.9.9\n';
    expect(ev("{{ conf | regex_findall('^nameserver\\s*(\\S*)') }}", { conf })).to.deep.equal(['1.1.1.1']);
    expect(ev("{{ conf | regex_findall('^nameserver\\s*(\\S*)', multiline=True) }}", { conf })).to.deep.equal([
      '1.1.1.1',
    ]);
    expect(
      ev("{{ conf | regex_findall('^nameserver\\s*(\\S*)', multiline=True, ignorecase=True) }}", { conf }),
    ).to.deep.equal(['1.1.1.1', '8.8.8.8']);
    expect(ev("{{ 'ab a' | regex_findall('(a)(b)?') }}")).to.deep.equal([
      ['a', 'b'],
      ['a', ''],
    ]);
    expect(ev("{{ 'x1 y' | regex_findall('[a-z](\\d)?') }}")).to.deep.equal(['1', '']);
  });

  it('sameas holds for the very value: true only for the boolean true, also written without parentheses', () => {
    expect(holds('x is sameas true', { x: true })).to.equal(true);
    expect(holds('x is sameas true', { x: 1 })).to.equal(false);
    expect(holds('x is sameas true', { x: 'yes' })).to.equal(false);
    expect(holds('x is sameas(false)', { x: false })).to.equal(true);
    expect(holds('x is not sameas none', { x: 0 })).to.equal(true);
    expect(holds('a is sameas true and b is sameas false', { a: true, b: false })).to.equal(true);
    const list = [1];
    expect(holds('a is sameas b', { a: list, b: list })).to.equal(true);
    expect(holds('a is sameas b', { a: list, b: [1] })).to.equal(false);
    // The bare argument stops before and/or/else, as in Jinja.
    expect(ev("{{ 'y' if x is defined else 'n' }}", { x: 1 })).to.equal('y');
  });

  it("type_debug names the Python type: Kubespray's `item.value | type_debug == 'bool'`", () => {
    expect(
      ev("{{ [true, 3, 1.5, none, 'a', [1], {}] | map('type_debug') | join(',') }} {{ flag | type_debug == 'bool' }}", {
        flag: 'true',
      }),
    ).to.equal('bool,int,float,NoneType,str,list,dict False');
  });

  it('divisibleby, its argument written bare as Kubespray does: `groups.etcd | length is not divisibleby 2`', () => {
    expect(holds('xs | length is not divisibleby 2', { xs: ['a'] })).to.equal(true);
    expect(holds('xs | length is divisibleby 2', { xs: ['a', 'b'] })).to.equal(true);
    expect(holds('9 is divisibleby(3)')).to.equal(true);
    expect(runbookError(() => holds("'a' is divisibleby 2")).message).to.contain('"divisibleby" takes numbers');
  });

  it("ipaddr with a network outside it gives None, as ansible.utils does: Kubespray's subnet collision check", () => {
    const check = "{{ pods | ipaddr(services) | string == 'None' }}";
    expect(ev(check, { pods: '10.233.64.0/18', services: '10.233.0.0/18' })).to.equal(true);
    expect(ev(check, { pods: '10.233.0.0/24', services: '10.233.0.0/18' })).to.equal(false);
    // ansible-playbook 2.14 printed "[] [10.0.0.5]" for these two.
    expect(ev("[{{ '10.0.0.5' | ipaddr('10.1.0.0/16') }}] [{{ '10.0.0.5' | ipaddr('10.0.0.0/16') }}]")).to.equal(
      '[] [10.0.0.5]',
    );
  });
});
