import { expect } from 'chai';
import { decide } from '../../src/modules/apt/decide.js';
import { deb822Text, sourcesSlug } from '../../src/modules/apt/deb822-text.js';
import { parseSpec, specList, versionMatches } from '../../src/modules/apt/spec.js';
import {
  parseFile,
  renderFile,
  suggestedFilename,
  withoutSource,
  withSource,
} from '../../src/modules/apt/sources-list.js';
import type { DpkgEntry } from '../../src/modules/apt/dpkg-state.js';
import type { Available } from '../../src/modules/package/manager.js';
import { parseRepoFile, renderRepoFile, sortedDump } from '../../src/modules/yum/repo-file.js';
import { moduleCatalog } from '../../src/modules/registry.js';
import { runbookModule } from '../../src/parse/module-names.js';

// The decision tables of the apt and repository modules, given facts as data
// (pyinfra-style, milliseconds); their lab tests are test/modules/apt*.test.ts.
describe('apt decisions and repository file formats', () => {
  const dpkg = (entries: Record<string, DpkgEntry>) => new Map(Object.entries(entries));
  const offers = (entries: Record<string, Available>) => new Map(Object.entries(entries));
  const app = { versions: ['2.0-1', '1.0-1'], candidate: '2.0-1' };

  it('present installs the missing, leaves the installed; a version spec moves an installed package; latest upgrades', () => {
    const installed = dpkg({ app: { version: '1.0-1', state: 'installed' } });
    expect(decide('present', [parseSpec('app')], installed, offers({ app }), false).actions).to.deep.equal([]);
    expect(
      decide('present', [parseSpec('app=2.0*')], installed, offers({ app }), false).actions.map((a) => [
        a.arg,
        a.summary,
      ]),
    ).to.deep.equal([['app=2.0-1', 'install app 2.0-1 (was 1.0-1)']]);
    expect(
      decide('latest', [parseSpec('app')], installed, offers({ app }), false).actions.map((a) => a.summary),
    ).to.deep.equal(['install app 2.0-1 (was 1.0-1)']);
    expect(
      decide(
        'present',
        [parseSpec('new')],
        dpkg({}),
        offers({ new: { versions: ['3'], candidate: '3' } }),
        false,
      ).actions.map((a) => a.arg),
    ).to.deep.equal(['new']);
  });

  it('fails as Ansible words it: no candidate, no matching version, a version with latest', () => {
    expect(decide('present', [parseSpec('nosuch')], dpkg({}), offers({}), false).failed).to.equal(
      "No package matching 'nosuch' is available",
    );
    expect(decide('present', [parseSpec('app=9*')], dpkg({}), offers({ app }), false).failed).to.equal(
      'no available installation candidate for app=9*',
    );
    expect(decide('latest', [parseSpec('app=1.0-1')], dpkg({}), offers({ app }), false).failed).to.equal(
      'version number inconsistent with state=latest: app=1.0-1',
    );
  });

  it('absent removes the installed (purge: also config-files leftovers), matching a version spec', () => {
    const state = dpkg({ a: { version: '1', state: 'installed' }, c: { version: '2', state: 'config-files' } });
    expect(
      decide('absent', ['a', 'c', 'z'].map(parseSpec), state, offers({}), false).actions.map((x) => x.summary),
    ).to.deep.equal(['remove a 1']);
    expect(
      decide('absent', ['a', 'c'].map(parseSpec), state, offers({}), true).actions.map((x) => x.summary),
    ).to.deep.equal(['purge a 1', 'purge c 2']);
    expect(decide('absent', [parseSpec('a=9')], state, offers({}), false).actions).to.deep.equal([]);
  });

  it('specs: comma lists, name=version, fnmatch patterns', () => {
    expect(specList('a, b,c')).to.deep.equal(['a', 'b', 'c']);
    expect(parseSpec('containerd.io=1.6.*')).to.deep.equal({ name: 'containerd.io', version: '1.6.*' });
    expect([
      versionMatches('1.6.*', '1.6.20-1'),
      versionMatches('1.6.*', '1.7.0'),
      versionMatches('1.?', '1.6'),
    ]).to.deep.equal([true, false, true]);
  });

  it('one-line sources: normalised, named after the URI, enabled in place, removed everywhere', () => {
    expect(
      suggestedFilename(
        'deb [arch=amd64 signed-by=/k.gpg] https://user:pw@download.docker.com/linux/debian bookworm stable',
      ),
    ).to.equal('download_docker_com_linux_debian.list');
    const files = new Map([['/a.list', parseFile('# note\n# deb http://x/ y main\n')]]);
    const enabled = withSource(files, 'deb http://x/ y main', '/new.list');
    expect(renderFile(enabled.get('/a.list')!)).to.equal('# note\ndeb http://x/ y main\n');
    expect(enabled.has('/new.list')).to.equal(false);
    expect(renderFile(withSource(new Map(), 'deb http://x/ y main', '/n.list').get('/n.list')!)).to.equal(
      'deb http://x/ y main\n',
    );
    expect(renderFile(withoutSource(enabled, 'deb http://x/ y main').get('/a.list')!)).to.equal('# note\n');
  });

  it("deb822 text: Ansible's slug, field names, order, yes/no, an indented inline key", () => {
    expect(sourcesSlug('Docker CE_stable!')).to.equal('docker-ce-stable');
    expect(
      deb822Text({
        uris: ['http://x/'],
        types: ['deb'],
        name: 'n',
        enabled: true,
        signed_by: 'A\n\nB',
        check_valid_until: false,
      }),
    ).to.equal(
      'Check-Valid-Until: no\nEnabled: yes\nX-Repolib-Name: n\nSigned-By:\n    A\n    .\n    B\nTypes: deb\nURIs: http://x/\n',
    );
  });

  it('module names: apt and the repository modules under ansible.builtin., dnf its own module, yum as dnf', () => {
    const names = [
      'apt',
      'ansible.builtin.apt',
      'apt_key',
      'apt_repository',
      'ansible.builtin.deb822_repository',
      'yum_repository',
      'package_facts',
      'ansible.builtin.uri',
      'dnf',
      'ansible.builtin.yum',
    ];
    expect(names.map((n) => runbookModule(n, moduleCatalog))).to.deep.equal([
      'apt',
      'apt',
      'apt_key',
      'apt_repository',
      'deb822_repository',
      'yum_repository',
      'package_facts',
      'uri',
      'dnf',
      'dnf',
    ]);
  });

  it('yum .repo files read and written as RawConfigParser: comments dropped, continuation lines, sorted comparison', () => {
    const parsed = parseRepoFile('# c\n[b]\nName = B\nbaseurl = http://1/\n  http://2/\n[a]\nx: 1\n');
    expect(renderRepoFile(parsed)).to.equal('[b]\nname = B\nbaseurl = http://1/\n\thttp://2/\n\n[a]\nx = 1\n\n');
    expect(sortedDump(parsed)).to.equal('[a]\nx = 1\n\n[b]\nbaseurl = http://1/\nhttp://2/\nname = B\n\n');
  });
});
