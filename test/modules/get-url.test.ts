import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { TaskResult } from '../../src/engine/events.js';
import { shellQuoteValue as q } from '../../src/quote.js';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { startHttpServer, type TestServer } from '../support/http-server.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const sha1 = (data: Buffer | string) => createHash('sha1').update(data).digest('hex');
/** Longer than any test may take: only a client-side timeout ends a stalled download. */
const STALL_MS = 600_000;

// Each way: apply (changed), apply again (ok, no second download), --check (nothing written).
describe('get_url module', () => {
  const host = () => hostNames()[0]!;
  const tool = randomBytes(70_000);
  const other = Buffer.from('another release\n');
  let server: TestServer;

  // One task `g` on `on`, its arguments given as JSON (valid YAML flow).
  const getUrl = async (args: object, opts: RunOpts & { on?: string } = {}): Promise<TaskResult> => {
    const on = opts.on ?? host();
    const yaml = `- hosts: ${on}\n  tasks:\n    - name: g\n      get_url: ${JSON.stringify(args)}\n`;
    return (await runYaml(yaml, opts)).task('g').get(on)!;
  };
  const hostSha = (path: string, on = host()) => onHost(on, `sha256sum < ${q(path)}`).slice(0, 64);
  const leftovers = (dir: string) =>
    onHost(host(), `ls -a ${q(dir)}`)
      .split('\n')
      .filter((f) => f.includes('runbook'));

  before(async () => {
    server = await startHttpServer({
      '/rel/tool.bin': tool,
      '/rel/other.bin': other,
      '/rel/SHA256SUMS': `${sha(other)}  other.bin\n${sha(tool)}  tool.bin\n`,
      '/rel/tool.bin.sha256': `${sha(tool)}\n`,
      '/broken': { status: 500, body: 'oops' },
      '/rel/sized.txt': { status: 200, body: 'sized\n', headers: { 'content-length': '6' } },
      '/stalled': { stallMs: STALL_MS },
    });
  });
  after(() => server.close());
  beforeEach(() => onHost(host(), 'rm -rf /srv/g && mkdir -p /srv/g'));

  it('downloads on the host and checks the sha256; a re-run is ok without a second download; --check writes nothing', async () => {
    const args = {
      url: server.url('/rel/tool.bin'),
      dest: '/srv/g/tool',
      checksum: `sha256:${sha(tool)}`,
      mode: '0750',
    };
    const before = treeDigest(host(), '/srv/g');
    const checked = await getUrl(args, { check: true });
    expect(checked.status).to.equal('changed');
    expect(checked.changes[0]).to.match(
      /^download http:.*\/rel\/tool\.bin to \/srv\/g\/tool \(sha256 [0-9a-f]{12}…\)$/,
    );
    expect(treeDigest(host(), '/srv/g')).to.equal(before);
    expect(server.hits('/rel/tool.bin')).to.equal(0);

    const first = await getUrl(args);
    expect(first.status).to.equal('changed');
    // Ansible's fields (ansible-playbook 2.14 on a lab host): sha1 checksums, "OK (N bytes)" with N the
    // Content-Length; this server replies chunked, with none, and Ansible said "OK (unknown bytes)" too.
    expect(first.msg).to.equal('OK (unknown bytes)');
    expect(first.data).to.deep.include({
      dest: '/srv/g/tool',
      url: args.url,
      checksum_dest: null,
      checksum_src: sha1(tool),
      status_code: 200,
      elapsed: 0,
      size: tool.length,
      mode: '0750',
      uid: 0,
      gid: 0,
      owner: 'root',
      group: 'root',
      state: 'file',
      md5sum: createHash('md5').update(tool).digest('hex'),
    });
    expect(hostSha('/srv/g/tool')).to.equal(sha(tool));
    expect(hostStat(host(), '/srv/g/tool')).to.equal('750 regular file');
    expect(leftovers('/srv/g')).to.deep.equal([]);
    expect(server.hits('/rel/tool.bin')).to.equal(1);

    const settled = treeDigest(host(), '/srv/g');
    const again = await getUrl(args);
    expect(again.status).to.equal('ok');
    expect(again.msg).to.equal('file already exists');
    expect(again.data).to.deep.include({ checksum_dest: null, checksum_src: null, dest: '/srv/g/tool' });
    expect(server.hits('/rel/tool.bin')).to.equal(1);
    expect(treeDigest(host(), '/srv/g')).to.equal(settled);

    const chmod = await getUrl({ ...args, mode: '0700' });
    expect(chmod.status).to.equal('changed');
    expect(chmod.changes).to.deep.equal(['chmod 0700 /srv/g/tool (was 0750)']);
    expect(chmod.msg).to.equal('file already exists but file attributes changed');
    expect(hostStat(host(), '/srv/g/tool')).to.equal('700 regular file');
    expect(server.hits('/rel/tool.bin')).to.equal(1);
  });

  it('checksum from a URL: the line for the file name in a sha256sum list, or a bare hash', async () => {
    const fromList = await getUrl({
      url: server.url('/rel/tool.bin'),
      dest: '/srv/g/a',
      checksum: `sha256:${server.url('/rel/SHA256SUMS')}`,
    });
    expect(fromList.status).to.equal('changed');
    expect(hostSha('/srv/g/a')).to.equal(sha(tool));
    const bare = await getUrl({
      url: server.url('/rel/tool.bin'),
      dest: '/srv/g/b',
      checksum: `sha256:${server.url('/rel/tool.bin.sha256')}`,
    });
    expect(bare.status, bare.msg).to.equal('changed');
    expect(hostSha('/srv/g/b')).to.equal(sha(tool));
    const hits = server.hits('/rel/tool.bin');
    const again = await getUrl({
      url: server.url('/rel/tool.bin'),
      dest: '/srv/g/a',
      checksum: `sha256:${server.url('/rel/SHA256SUMS')}`,
    });
    expect(again.status).to.equal('ok');
    expect(server.hits('/rel/tool.bin')).to.equal(hits);
  });

  it('a checksum mismatch fails with both hashes and leaves dest as it was, with no temp file', async () => {
    onHost(host(), 'printf old > /srv/g/tool && chmod 0640 /srv/g/tool');
    const stat = () => onHost(host(), "stat -c '%i %a %s %Y' /srv/g/tool");
    const before = stat();
    const wrong = sha('something else');
    const r = await getUrl({ url: server.url('/rel/tool.bin'), dest: '/srv/g/tool', checksum: `sha256:${wrong}` });
    expect(r.status).to.equal('failed');
    expect(r.msg).to.contain(wrong).and.contain(sha(tool)).and.contain('/srv/g/tool left as it was');
    expect(hostFile(host(), '/srv/g/tool')).to.equal('old');
    expect(stat()).to.equal(before);
    expect(leftovers('/srv/g')).to.deep.equal([]);
  });

  it('mirrors: a 404, a 500, a refused connection and a stalled transfer are skipped; when all fail, each URL and its error is named', async () => {
    const bad = [
      server.url('/missing'),
      server.url('/broken'),
      'http://127.0.0.1:1/nothing-listens',
      server.url('/stalled'),
    ];
    const started = Date.now();
    const r = await getUrl({ urls: [...bad, server.url('/rel/tool.bin')], dest: '/srv/g/tool', timeout: 1 });
    expect(r.status).to.equal('changed');
    expect(r.data).to.deep.include({ url: server.url('/rel/tool.bin') });
    // The stalled mirror was cut at its 1 s timeout: the server would have held it for STALL_MS.
    expect(Date.now() - started).to.be.below(STALL_MS);
    expect(hostSha('/srv/g/tool')).to.equal(sha(tool));

    const all = await getUrl({ urls: bad, dest: '/srv/g/none', timeout: 1 });
    expect(all.status).to.equal('failed');
    expect(all.msg).to.contain('all 4 URLs failed');
    for (const url of bad) expect(all.msg).to.contain(`${url}: `);
    expect(all.msg)
      .to.match(/404/)
      .and.match(/500/)
      .and.match(/[Cc]onnect/);
    expect(hostStat(host(), '/srv/g/none')).to.equal(null);
    expect(leftovers('/srv/g')).to.deep.equal([]);
  });

  it('via: controller fetches on the controller and uploads; re-run ok without a download; --check writes nothing', async () => {
    const args = {
      url: server.url('/rel/other.bin'),
      dest: '/srv/g/c',
      checksum: `sha256:${sha(other)}`,
      via: 'controller',
    };
    const before = treeDigest(host(), '/srv/g');
    expect((await getUrl(args, { check: true })).status).to.equal('changed');
    expect(treeDigest(host(), '/srv/g')).to.equal(before);
    const hits = server.hits('/rel/other.bin');
    const first = await getUrl(args);
    expect(first.status).to.equal('changed');
    expect(hostFile(host(), '/srv/g/c')).to.equal(other.toString());
    expect(hostStat(host(), '/srv/g/c')).to.equal('644 regular file');
    expect(leftovers('/srv/g')).to.deep.equal([]);
    expect((await getUrl(args)).status).to.equal('ok');
    expect(server.hits('/rel/other.bin')).to.equal(hits + 1);
  });

  it('without a checksum an existing dest is fetched again and changed only when the bytes differ (as Ansible); "OK" in msg both times', async () => {
    onHost(host(), 'printf stale > /srv/g/f');
    const args = { url: server.url('/rel/other.bin'), dest: '/srv/g/f' };
    const hits = server.hits('/rel/other.bin');
    const first = await getUrl(args);
    expect([first.status, first.msg]).to.deep.equal(['changed', 'OK (unknown bytes)']);
    expect(first.data).to.deep.include({ checksum_dest: sha1('stale'), checksum_src: sha1(other) });
    expect(hostFile(host(), '/srv/g/f')).to.equal(other.toString());
    // ansible-playbook 2.14, the same re-run: ok, msg "OK (…)", checksum_dest equal to checksum_src.
    const same = await getUrl(args);
    expect([same.status, same.msg]).to.deep.equal(['ok', 'OK (unknown bytes)']);
    expect(same.data).to.deep.include({ checksum_dest: sha1(other), checksum_src: sha1(other), status_code: 200 });
    // Three requests where Ansible makes two: the body is hashed first so that an unchanged file is never
    // written (nor its temp file); a changed one is then fetched again to be saved.
    expect(server.hits('/rel/other.bin')).to.equal(hits + 3);
    expect((await getUrl({ ...args, force: true })).status).to.equal('ok');
    const sized = await getUrl({ url: server.url('/rel/sized.txt'), dest: '/srv/g/sized' });
    expect([sized.status, sized.msg]).to.deep.equal(['changed', 'OK (6 bytes)']);
    expect((await getUrl({ url: server.url('/rel/sized.txt'), dest: '/srv/g/sized' })).msg).to.equal('OK (6 bytes)');
  });

  it('a URL and a dest with spaces, quotes and $(…) are taken literally, on the host and via the controller', async () => {
    // A URL path may hold slashes; a file name may not (a command run in ~ would create ~/pwned).
    const url = server.url(`/odd/it's "q" $(touch /tmp/pwned) \`touch /tmp/pwned\`.bin`);
    const name = `it's "q" $(touch pwned) \`touch pwned\``;
    server.route(decodeURIComponent(new URL(url).pathname), 'odd content\n');
    onHost(host(), `rm -f /tmp/pwned ~/pwned && mkdir -p ${q(`/srv/g/${name}`)}`);
    for (const via of ['host', 'controller']) {
      const dest = `/srv/g/${name}/${via} ${name}`;
      const r = await getUrl({ url, dest, checksum: `sha256:${sha('odd content\n')}`, via });
      expect(r.status, r.msg).to.equal('changed');
      expect(hostFile(host(), dest)).to.equal('odd content\n');
      expect((await getUrl({ url, dest, via })).status).to.equal('ok');
    }
    expect(onHost(host(), 'ls /tmp/pwned ~/pwned /srv/g/pwned 2>&1 | grep -c "No such file"').trim()).to.equal('3');
  });

  it('falls back to wget on a host without curl', async () => {
    const other2 = hostNames()[1]!;
    onHost(other2, 'rm -rf /srv/g && mkdir -p /srv/g && mv /usr/bin/curl /usr/bin/curl.hidden');
    try {
      const args = {
        urls: [server.url('/missing'), server.url('/rel/tool.bin')],
        dest: '/srv/g/w',
        checksum: `sha256:${sha(tool)}`,
      };
      const r = await getUrl(args, { on: other2 });
      expect(r.status, r.msg).to.equal('changed');
      expect(hostSha('/srv/g/w', other2)).to.equal(sha(tool));
      const forced = await getUrl({ url: server.url('/rel/tool.bin'), dest: '/srv/g/w', force: true }, { on: other2 });
      expect(forced.status, forced.msg).to.equal('ok');
    } finally {
      onHost(other2, 'mv /usr/bin/curl.hidden /usr/bin/curl');
    }
  });

  it('arguments are checked when the playbook loads: one of url/urls, a sha256 checksum, an absolute dest', async () => {
    const bad = [
      { url: server.url('/a'), urls: [server.url('/b')], dest: '/srv/g/x' },
      { url: server.url('/a'), dest: '/srv/g/x', checksum: 'md5:0123' },
      { url: server.url('/a'), dest: 'relative/x' },
      { url: 'ftp://example.org/x', dest: '/srv/g/x' },
      { url: server.url('/a'), dest: '/srv/g/x', via: 'ssh' },
    ];
    for (const args of bad) {
      const error = await getUrl(args).then(
        () => undefined,
        (err: Error) => err,
      );
      expect(error?.message, JSON.stringify(args)).to.match(/get_url|argument|checksum|dest|url|via/);
    }
  });

  it('a dest whose directory is missing fails before any download', async () => {
    const hits = server.hits('/rel/tool.bin');
    const r = await getUrl({ url: server.url('/rel/tool.bin'), dest: '/srv/g/no/such/dir/tool' });
    expect(r.status).to.equal('failed');
    expect(r.msg).to.contain('/srv/g/no/such/dir is not a directory');
    expect(server.hits('/rel/tool.bin')).to.equal(hits);
  });
});
