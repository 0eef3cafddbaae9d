import { expect } from 'chai';
import { modeFor, wantedMode } from '../../src/modules/files/symbolic-mode.js';
import { fnmatch, parseAge, parseSize } from '../../src/modules/find/filters.js';

// The pure parts of file's symbolic modes and find's filters; the lab tests and
// test/ansible-corpus/{file-states,fetch-find} check them against ansible-playbook 2.14.
describe('symbolic modes and find filters', () => {
  const sym = (spec: string, current: number, isDir = false) => modeFor(wantedMode(spec), current, isDir);

  it('applies each clause to the mode it finds, as Ansible (measured: u+x,g-r,o= on 0644 gives 0700; u=rwX,g=rX,o= on 0666 gives 0640)', () => {
    expect(sym('u+x,g-r,o=', 0o644)).to.equal(0o700);
    expect(sym('u=rwX,g=rX,o=', 0o666)).to.equal(0o640);
    expect(sym('u=rwX,g=rX,o=', 0o750, true)).to.equal(0o750);
    expect(sym('a+X', 0o644)).to.equal(0o644);
    expect(sym('a+X', 0o700, true)).to.equal(0o711);
    expect(sym('go=u', 0o640)).to.equal(0o666);
    expect(sym('u+s,o+t', 0o755)).to.equal(0o5755);
    // No users: as `a`, under the umask 022.
    expect(sym('+w', 0o444)).to.equal(0o644);
    expect(wantedMode('0750')).to.equal(0o750);
    expect(wantedMode(0o640)).to.equal(0o640);
  });

  it("fnmatch is Python's: * matches dots and slashes, [!…] negates; age and size take Ansible's units", () => {
    expect(fnmatch('*.conf').test('.hidden.conf')).to.equal(true);
    expect(fnmatch('a?c').test('abc')).to.equal(true);
    expect(fnmatch('[!a]*').test('abc')).to.equal(false);
    expect(fnmatch('[!a]*').test('bc')).to.equal(true);
    expect(fnmatch('x.(y)').test('x.(y)')).to.equal(true);
    expect([parseAge('2d'), parseAge('-1w'), parseAge('3600'), parseSize('10k'), parseSize('-1m')]).to.deep.equal([
      172800, -604800, 3600, 10240, -1048576,
    ]);
    expect(() => parseAge('2y')).to.throw('failed to process age');
  });
});
