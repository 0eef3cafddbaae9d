import { expect } from 'chai';
import { evrCmp, pinnedVersion, rpmVerCmp } from '../../../src/modules/dnf/rpm-version.js';

// rpm's own order (rpmvercmp's cases in rpm's test suite, rpmvercmp.at), which
// labelCompare in Ansible's dnf module uses to decide a downgrade.
describe('rpm version order (dnf allow_downgrade)', () => {
  const cases: [string, string, number][] = [
    ['1.0', '1.0', 0],
    ['1.0', '2.0', -1],
    ['2.0.1', '2.0', 1],
    ['5.5p1', '5.5p2', -1],
    ['5.5p10', '5.5p1', 1],
    ['10xyz', '10.1xyz', -1],
    ['xyz10', 'xyz10.1', -1],
    ['1.010', '1.9', 1],
    ['1.05', '1.5', 0],
    ['1.0', '1', 1],
    ['2a', '2.0', -1],
    ['1.0~rc1', '1.0', -1],
    ['1.0~rc1', '1.0~rc2', -1],
    ['1.0^', '1.0', 1],
    ['1.0^git1', '1.0.1', -1],
    ['1.0~rc1^git1', '1.0~rc1', 1],
    ['a+', 'a_', 0],
  ];
  for (const [a, b, want] of cases)
    it(`${a} vs ${b}: ${want}`, () => {
      expect(rpmVerCmp(a, b)).to.equal(want);
      expect(rpmVerCmp(b, a)).to.equal(-want || 0);
    });

  it('compares epoch first, then version, then release', () => {
    const evr = (epoch: string, version: string, release: string) => ({ epoch, version, release });
    expect(evrCmp(evr('1', '1.0', '1'), evr('0', '9.0', '1'))).to.equal(1);
    expect(evrCmp(evr('(none)', '2.0', '1'), evr('0', '1.0', '9'))).to.equal(1);
    expect(evrCmp(evr('0', '1.0', '1.el9'), evr('0', '1.0', '2.el9'))).to.equal(-1);
  });

  it("reads a pin only where Ansible's dnf does: name-[epoch:]version-release[.arch], the version a number", () => {
    expect(pinnedVersion('rbtest-hello-1.0-1.noarch')).to.deep.equal({
      name: 'rbtest-hello',
      epoch: '0',
      version: '1.0',
      release: '1',
    });
    expect(pinnedVersion('containerd.io-2:1.6.20-3.1.el9.x86_64')).to.deep.equal({
      name: 'containerd.io',
      epoch: '2',
      version: '1.6.20',
      release: '3.1.el9',
    });
    for (const none of ['rbtest-hello', 'rbtest-hello-1.0', 'containerd.io-1.6.20', 'foo-bar-baz'])
      expect(pinnedVersion(none), none).to.equal(undefined);
  });
});
