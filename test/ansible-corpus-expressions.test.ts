// The Ansible corpus, expressions: playbooks whose values use the Jinja idioms
// Ansible users write (test/ansible-corpus/expr-*/playbook.yaml), each run on a
// lab host, its files and recap asserted.
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { hostFile } from './support/host-shell.js';
import { hostNames, runFile, type Recorded } from './support/run.js';
import { lab } from './lab/shared.js';

// The same path as ansible-corpus.test.ts's corpusFile; importing that file would run its suite too.
function corpusFile(name: string): string {
  return join(fileURLToPath(new URL('../../test/ansible-corpus/', import.meta.url)), name, 'playbook.yaml');
}

describe('Ansible corpus: expressions in values', () => {
  const host = () => hostNames()[0]!;
  const file = (name: string, f: string) => hostFile(host(), `/tmp/corpus/${name}/${f}`);
  const runCorpus = (name: string, opts: Parameters<typeof runFile>[1] = {}): Promise<Recorded> =>
    runFile(corpusFile(name), { limit: [host()], ...opts });
  /** Nothing failed, nothing unreachable, on the one host. */
  const clean = (run: Recorded) => {
    const failures = run.results.filter((r) => r.status === 'failed' || r.status === 'unreachable').map((r) => r.msg);
    expect(failures).to.deep.equal([]);
    expect(run.recap.get(host())).to.include({ failed: 0, unreachable: 0 });
  };

  it("expr-subscripts: groups['all'][0], groups.all.0, [-1], hostvars[inventory_hostname].ansible_host, a key in a variable", async () => {
    const run = await runCorpus('expr-subscripts');
    clean(run);
    const names = hostNames();
    const address = lab().hosts[0]!.address;
    expect(file('expr-subscripts', 'first')).to.equal(`${names[0]} ${names[0]} ${names[0]}\n`);
    expect(file('expr-subscripts', 'address')).to.equal(`${names[names.length - 1]} ${address} ${address}\n`);
    expect(file('expr-subscripts', 'port')).to.equal('10250 6443\n');
  });

  it('expr-inline-if: a if c else b (nested), ~ of any types, a guarded undefined variable', async () => {
    const run = await runCorpus('expr-inline-if');
    clean(run);
    expect(file('expr-inline-if', 'choice')).to.equal('arm64 many quiet\n');
    expect(file('expr-inline-if', 'joined')).to.equal('v1.3-False\n');
    expect(file('expr-inline-if', 'guarded')).to.equal('none\n');
  });

  it('expr-literals: list and mapping literals, and one {{ }} keeps its type (loops over them)', async () => {
    const run = await runCorpus('expr-literals');
    clean(run);
    expect(file('expr-literals', 'names')).to.equal('alpha\nbeta\ngamma\n');
    expect(file('expr-literals', 'pairs')).to.equal('a=1\nb=2\n');
    expect(file('expr-literals', 'types')).to.equal('4 True 2 True\n');
    expect(file('expr-literals', 'json')).to.equal("settings={'size': 3, 'on': True, 'tags': ['x', 'y']}\n");
    expect(
      run
        .task('a loop over a list literal')
        .get(host())!
        .items!.map((i) => i.item),
    ).to.deep.equal([
      { n: 'a', v: 1 },
      { n: 'b', v: 2 },
    ]);
  });

  it(
    'expr-string-filters: lower, upper, trim, replace, regex_replace (groups), regex_search, split, join, ' +
      'basename, dirname, int, bool, default, quote',
    async () => {
      const run = await runCorpus('expr-string-filters');
      clean(run);
      expect(file('expr-string-filters', 'text')).to.equal('hello, runbook|HELLO, WORLD|16\n');
      expect(file('expr-string-filters', 'regex')).to.equal('1.28.2 1.28 28.1\n');
      expect(file('expr-string-filters', 'parts')).to.equal('v1/28/2 kubelet.conf /etc/kubernetes\n');
      expect(file('expr-string-filters', 'convert')).to.equal('43 True 7 fallback empty\n');
      expect(file('expr-string-filters', 'quoted')).to.equal("it's $(rm -rf /) `x`");
    },
  );

  it('expr-list-filters: map (attribute and filter), select, reject, selectattr, rejectattr, unique, sort, flatten, difference, last', async () => {
    const run = await runCorpus('expr-list-filters');
    clean(run);
    expect(file('expr-list-filters', 'nodes')).to.equal(
      'names=cp1,w1,w2\nworkers=w1,w2\nready=cp1,w1\nnot-workers=cp1\nupper=CP1,W1,W2\n',
    );
    expect(file('expr-list-filters', 'lists')).to.equal(
      'a-words=a,a\nnot-a=b,c,B\nunique=b,a,c,B\nsorted=a,b,B,c\nflat=1,2,3,4,5\nothers=w1\nlast=B count=5\n',
    );
    expect(file('expr-list-filters', 'loop')).to.equal('cp1\nw1\n');
  });

  it('expr-dict-filters: dict2items in a loop, combine (shallow and recursive), items2dict, keys', async () => {
    const run = await runCorpus('expr-dict-filters');
    clean(run);
    expect(file('expr-dict-filters', 'labels')).to.equal('role=worker\nzone=a\n');
    expect(file('expr-dict-filters', 'merged')).to.equal(
      [
        'shallow={"log": {"level": "debug"}, "port": 8080}',
        'deep={"log": {"level": "debug", "format": "text"}, "port": 8080}',
        'back={"role": "worker", "zone": "a"}',
        'keys=role,zone',
        '',
      ].join('\n'),
    );
  });

  it("expr-data-filters: from_json of a command's output with a default, to_json, to_yaml/from_yaml, b64encode/b64decode, ternary", async () => {
    const run = await runCorpus('expr-data-filters');
    clean(run);
    expect(file('expr-data-filters', 'from-json')).to.equal('100m none\n');
    expect(file('expr-data-filters', 'round-trip')).to.equal(
      'json={"name": "web", "ports": [80, 443]}\nyaml-port=443\njson-name=web\n',
    );
    expect(file('expr-data-filters', 'b64')).to.equal('cnVuYm9vaw== runbook several\n');
  });

  it("expr-lookups: lookup('env') reads the controller's environment, lookup('file') a file beside the playbook", async () => {
    const run = await runCorpus('expr-lookups', {
      controllerEnv: { RUNBOOK_CORPUS_GREETING: 'hi from the controller' },
    });
    clean(run);
    expect(file('expr-lookups', 'env')).to.equal('hi from the controller||x\n');
    expect(file('expr-lookups', 'motd')).to.equal('hello from the controller\n');
  });

  it('expr-statements: {% for %} and {% if %} write a config file (trim_blocks as in Ansible), loop.last', async () => {
    const run = await runCorpus('expr-statements');
    clean(run);
    const entry = (m: string) => `[host."https://${m}"]\n  capabilities = ["pull", "resolve"]\n  skip_verify = true\n`;
    expect(file('expr-statements', 'hosts.toml')).to.equal(
      `server = "https://registry-1.docker.io"\n${entry('mirror1.example')}${entry('mirror2.example')}`,
    );
    // As ansible-playbook 2.14 writes it: trim_blocks takes the newline after the last %}, and the
    // templar gives back the newline the value ended with (preserve_trailing_newlines).
    expect(file('expr-statements', 'line')).to.equal('mirror1.example, mirror2.example\n');
  });

  it('a second run of those that only write files changes nothing', async () => {
    for (const name of ['expr-subscripts', 'expr-inline-if', 'expr-data-filters', 'expr-statements']) {
      const run = await runCorpus(name);
      clean(run);
      expect(
        run.results.filter((r) => r.status === 'changed').map((r) => r.changes),
        name,
      ).to.deep.equal([]);
      expect(run.recap.get(host()), name).to.include({ changed: 0 });
    }
  });
});
