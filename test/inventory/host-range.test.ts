import { expect } from 'chai';
import { expandHostPattern, expandHostRange } from '../../src/inventory/host-range.js';

const hosts = (name: string) => {
  const r = expandHostRange(name);
  if ('error' in r) throw new Error(r.error);
  return r.hosts;
};
const error = (name: string) => {
  const r = expandHostRange(name);
  return 'error' in r ? r.error : undefined;
};

describe('expandHostRange', () => {
  it('leaves a plain name alone', () => {
    expect(hosts('node1.example.com')).to.deep.equal(['node1.example.com']);
  });

  it('expands node[1:3] to node1..node3', () => {
    expect(hosts('node[1:3]')).to.deep.equal(['node1', 'node2', 'node3']);
  });

  it('keeps the width of a zero-padded start: node[01:10]', () => {
    const r = hosts('node[01:10]');
    expect(r).to.have.length(10);
    expect([r[0], r[8], r[9]]).to.deep.equal(['node01', 'node09', 'node10']);
  });

  it('expands letters, steps, and several ranges in one name', () => {
    expect(hosts('rack[a:c]')).to.deep.equal(['racka', 'rackb', 'rackc']);
    expect(hosts('n[0:6:3]')).to.deep.equal(['n0', 'n3', 'n6']);
    expect(hosts('r[1:2]-n[a:b].lan')).to.deep.equal(['r1-na.lan', 'r1-nb.lan', 'r2-na.lan', 'r2-nb.lan']);
  });

  it('explains a bad range', () => {
    expect(error('node[3:1]')).to.equal('bad host range "[3:1]" in "node[3:1]": start 3 is after end 1');
    expect(error('node[1-3]')).to.match(/write \[start:end\]/);
    expect(error('node[1:c]')).to.match(/both be numbers or both single letters/);
  });
});

describe('expandHostPattern', () => {
  it('reads a port after the name or the range', () => {
    expect(expandHostPattern('node1:2222')).to.deep.equal({ hosts: ['node1'], port: 2222 });
    expect(expandHostPattern('db[01:02]:5432')).to.deep.equal({ hosts: ['db01', 'db02'], port: 5432 });
    expect(expandHostPattern('10.0.0.[1:2]')).to.deep.equal({ hosts: ['10.0.0.1', '10.0.0.2'] });
  });

  it('takes a name with several colons for an IPv6 address, not a name and a port', () => {
    expect(expandHostPattern('fe80::1')).to.deep.equal({ hosts: ['fe80::1'] });
  });

  it('reads an IPv6 address in brackets with its port as Ansible does ([::1]:2222 is host ::1, port 2222)', () => {
    // ansible-inventory 2.14 on "[web]\n[::1]:2222": host "::1" with ansible_port 2222.
    expect(expandHostPattern('[::1]:2222')).to.deep.equal({ hosts: ['::1'], port: 2222 });
    expect(expandHostPattern('[2001:db8::5]:22')).to.deep.equal({ hosts: ['2001:db8::5'], port: 22 });
    // A range in brackets with a step is still a range, not an address.
    expect(expandHostPattern('n[1:5:2]:22')).to.deep.equal({ hosts: ['n1', 'n3', 'n5'], port: 22 });
  });

  it('refuses a trailing colon, and passes range errors on', () => {
    expect(expandHostPattern('node1:'))
      .to.have.property('error')
      .that.matches(/ends with ":"/);
    expect(expandHostPattern('node[3:1]:22')).to.deep.equal({
      error: 'bad host range "[3:1]" in "node[3:1]": start 3 is after end 1',
    });
  });
});
