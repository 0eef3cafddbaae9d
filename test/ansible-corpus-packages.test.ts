// Issue 21's package and network modules under both engines (runbook and ansible-playbook 2.14).
import { bothEngines, counts } from './support/corpus-case.js';
import { hostNames } from './support/run.js';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoreApt, useLocalAptRepo } from './lab/sim/packages.js';
import { startStaticServer, type StaticServer } from './support/static-server-process.js';
import { installDnf, restoreRpm, startRpmRepo, type RpmRepo } from './support/rpm-repo.js';

// Issue 21's package and network modules, with what they need around them: the
// host's Debian sources put aside (apt never leaves the machine), and a static
// HTTP server in its own process (ansible-playbook runs with spawnSync).
describe('Ansible corpus under both engines: packages and network modules', function () {
  this.timeout(300_000);
  const host = () => hostNames()[0]!;

  describe('apt', () => {
    before(() => useLocalAptRepo(host(), [{ name: 'rbtest-base', version: '1.0-1' }]));
    after(() => restoreApt(host(), ['rbtest-base', 'rbcorpus-app', 'rbcorpus-lib']));

    it(
      'apt-packages: apt_repository adds a source (cache updated), apt installs a pin, ' +
        'marks a named dependency manual without a change, latest upgrades, package_facts, ' +
        'apt_key adds and drops a key, purge, source removed',
      () => {
        bothEngines('apt-packages', {
          ended: 'ok',
          recap: [counts({ ok: 19, changed: 13 })],
          files: [
            {
              manual: 'rbcorpus-app\nrbcorpus-lib\n',
              said: 'added T present\nagain F\ninstalled T T F\nreinstalled F\nlib F\nlatest T F\nkey T F T T 16 0\nfacts 2.0 1 apt\n',
              source: 'gone\npurged\n',
            },
          ],
        });
      },
    );
  });

  describe('apt upgrade and deb', () => {
    before(() =>
      useLocalAptRepo(host(), [
        { name: 'rbtest-base', version: '1.0-1' },
        { name: 'rbtest-base', version: '2.0-1' },
        { name: 'rbtest-other', version: '1.0-1' },
      ]),
    );
    after(() => restoreApt(host(), ['rbtest-base', 'rbtest-other']));

    it('apt-upgrade-deb: upgrade dist under --check and applied, upgrade yes with nothing left, a .deb file installed then ok', () => {
      bothEngines('apt-upgrade-deb', {
        ended: 'ok',
        recap: [counts({ ok: 11, changed: 7 })],
        files: [{ said: 'would T 1.0-1\nup T T T\nnone F T\ndeb T F 2.0-1,1.0-1,\n' }],
      });
    });
  });

  it('yum-repository: sections written sorted (booleans 1/0, lists), a second section appended, re-applied ok, removed, the emptied file deleted', () => {
    bothEngines('yum-repository', {
      ended: 'ok',
      recap: [counts({ ok: 8, changed: 7 })],
      files: [
        {
          'both.repo':
            '[kubernetes]\nbaseurl = https://pkgs.k8s.io/core:/stable:/v1.28/rpm/\nenabled = 1\nexclude = kubelet kubeadm kubectl\ngpgcheck = 1\n' +
            'gpgkey = https://pkgs.k8s.io/core:/stable:/v1.28/rpm/repodata/repomd.xml.key\nname = Kubernetes\n\n' +
            '[cri-o]\nbaseurl = https://a.example/rpm/\n\thttps://b.example/rpm/\ngpgcheck = 0\nname = CRI-O\npriority = 10\n\n',
          said: 'T kubernetes present F T absent\n',
        },
      ],
    });
  });

  describe('get_url and uri', () => {
    let server: StaticServer;
    let dir: string;
    const tool = 'tool v1\n';
    const sha = (s: string, algo = 'sha256') => createHash(algo).update(s).digest('hex');
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'runbook-corpus-http-'));
      writeFileSync(join(dir, 'tool.bin'), tool);
      writeFileSync(join(dir, 'SHA256SUMS'), `${sha('other')}  other.bin\n${sha(tool)}  tool.bin\n`);
      writeFileSync(join(dir, 'data.json'), '{"ready": true, "nodes": [1, 2]}');
      writeFileSync(join(dir, 'note.txt'), 'hello note\n');
      server = await startStaticServer(dir);
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it(
      'get-url-uri: get_url msg "OK (N bytes)" then "file already exists", sha1 checksum_src, status_code; ' +
        'uri status, json, content_type, return_content, a status_code list',
      () => {
        bothEngines(
          'get-url-uri',
          {
            ended: 'ok',
            recap: [counts({ ok: 7, changed: 3 })],
            files: [
              {
                'tool.bin': tool,
                said:
                  `first T OK (8 bytes) 200 ${sha(tool, 'sha1')} none /tmp/corpus/get-url-uri/tool.bin\n` +
                  'second F file already exists none\n' +
                  'api 200 1,2 application/json OK (32 bytes) F no content\n' +
                  'note hello note 11\n' +
                  'missing 404 F\n',
              },
            ],
          },
          { args: ['-e', `base=${server.url}`, '-e', `sha=${sha(tool)}`] },
        );
      },
    );

    it('uri-files: uri dest written, again with If-Modified-Since (304 listed: ok), a directory dest, creates and removes', () => {
      const d = '/tmp/corpus/uri-files';
      bothEngines(
        'uri-files',
        {
          ended: 'ok',
          recap: [counts({ ok: 7, changed: 4 })],
          files: [
            {
              'note.txt': 'hello note\n',
              'into/note.txt': 'hello note\n',
              said:
                `first T 200 ${d}/note.txt 11 0644 file\n` +
                `again F 304 HTTP Error 304: Not Modified ${d}/note.txt\n` +
                `into T ${d}/into/note.txt\n` +
                `created F skipped, since '${d}/note.txt' exists\n` +
                `removed F skipped, since '${d}/nothere' does not exist\n`,
            },
          ],
        },
        { args: ['-e', `base=${server.url}`] },
      );
    });
  });

  describe('dnf', () => {
    let repo: RpmRepo;
    before(async () => {
      repo = await startRpmRepo([
        { name: 'rbtest-hello', version: '1.0' },
        { name: 'rbtest-hello', version: '2.0' },
      ]);
    });
    // dnf on this host only, before each engine's run (restoreRpm removes it again).
    beforeEach(() => installDnf(host()));
    afterEach(() => restoreRpm(host()));
    after(async () => repo?.close());

    it('dnf-packages: dnf (and yum) with the real dnf on Debian: --check, install, Nothing to do, latest, a missing package, absent', () => {
      bothEngines(
        'dnf-packages',
        {
          ended: 'ok',
          recap: [counts({ ok: 12, changed: 10, ignored: 1 })],
          files: [
            {
              said:
                'would T Check mode: No changes made, but would have if not in check mode Installed: rbtest-hello-1.0-1.noarch\n' +
                'first T 0 [] Installed: rbtest-hello-1.0-1.noarch\n' +
                'again F Nothing to do 0\n' +
                'latest T Installed: rbtest-hello-2.0-1.noarch,Removed: rbtest-hello-1.0-1.noarch\n' +
                'missing T 1 Failed to install some of the specified packages No package nosuchpkg available.\n' +
                'gone T Removed: rbtest-hello-2.0-1.noarch\n',
            },
          ],
        },
        { args: ['-e', `base=${repo.url}`] },
      );
    });

    it('dnf-downgrade: allow_downgrade false keeps a newer version against a full pin, true downgrades; a name-version pin is left to dnf', () => {
      bothEngines(
        'dnf-downgrade',
        {
          ended: 'ok',
          recap: [counts({ ok: 12, changed: 11 })],
          files: [
            {
              said:
                'kept F Nothing to do 0\n' +
                'down T Installed: rbtest-hello-1.0-1.noarch,Removed: rbtest-hello-2.0-1.noarch\n' +
                'up T Installed: rbtest-hello-2.0-1.noarch,Removed: rbtest-hello-1.0-1.noarch\n' +
                'loose T Installed: rbtest-hello-1.0-1.noarch,Removed: rbtest-hello-2.0-1.noarch\n',
            },
          ],
        },
        { args: ['-e', `base=${repo.url}`] },
      );
    });
  });
});
