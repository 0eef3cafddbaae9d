import { expect } from 'chai';
import { pyRegex, pyReplacement } from '../../src/modules/files/python-regex.js';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

const sub = (re: string, template: string, text: string) => {
  const fill = pyReplacement(template);
  return text.replace(pyRegex(re, 'gm'), (...m: unknown[]) => {
    const named = typeof m.at(-1) === 'object' ? (m.at(-1) as Record<string, string>) : {};
    return fill(m[0] as string, m.slice(1, typeof m.at(-1) === 'object' ? -3 : -2) as string[], named);
  });
};

// Python's re forms, as Ansible's replace takes them (Python 3 re.sub results written here).
describe('Python regex forms for replace', () => {
  it('back-references \\1, \\g<1>, \\g<name>, (?P<name>) and (?P=name); escapes \\n and \\\\', () => {
    expect(sub('^(a)=(\\d)$', '\\2=\\g<1>', 'a=1\nb=2\n')).to.equal('1=a\nb=2\n');
    expect(sub('(?P<k>\\w+):(?P=k)', '\\g<k>\\n\\\\', 'x:x y:z')).to.equal('x\n\\ y:z');
  });
  it('refuses what Python refuses or JavaScript cannot do: a missing group, a bad escape, \\A, (?x)', () => {
    expect(() => sub('(a)', '\\2', 'a')).to.throw('invalid group reference 2');
    expect(() => pyReplacement('\\q')).to.throw('bad escape \\q');
    expect(() => pyRegex('\\Afoo', 'm')).to.throw(/\\A and \\Z/);
    expect(() => pyRegex('(?x) a b', 'm')).to.throw(/verbose/);
    expect(pyRegex('(?s)a.b', 'gm').test('a\nb')).to.equal(true);
  });
});

describe('replace module on a lab host', () => {
  const host = () => hostNames()[0]!;
  const play = (tasks: string) => `- hosts: ${host()}\n  tasks:\n${tasks}`;
  const task = () =>
    play(
      `    - name: r\n      ansible.builtin.replace: { path: /srv/re/conf, regexp: '^(\\w+) = old$', replace: '\\1 = new', mode: "0640" }\n`,
    );

  beforeEach(() =>
    onHost(host(), 'rm -rf /srv/re && mkdir -p /srv/re && printf "a = old\\nb = keep\\nc = old\\n" > /srv/re/conf'),
  );

  it('--check --diff writes nothing; apply; re-apply is ok and writes nothing', async () => {
    const before = treeDigest(host(), '/srv/re');
    const checked = (await runYaml(task(), { check: true, diff: true })).task('r').get(host())!;
    expect(checked.status).to.equal('changed');
    expect(checked.diffs[0]).to.deep.include({
      path: '/srv/re/conf',
      before: 'a = old\nb = keep\nc = old\n',
      after: 'a = new\nb = keep\nc = new\n',
    });
    expect(treeDigest(host(), '/srv/re')).to.equal(before);
    const applied = (await runYaml(task())).task('r').get(host())!;
    expect(applied.status).to.equal('changed');
    expect(applied.data).to.deep.include({
      msg: '2 replacements made and ownership, perms or SE linux context changed',
      rc: 0,
    });
    expect(hostFile(host(), '/srv/re/conf')).to.equal('a = new\nb = keep\nc = new\n');
    expect(hostStat(host(), '/srv/re/conf')).to.equal('640 regular file');
    const digest = treeDigest(host(), '/srv/re');
    const again = (await runYaml(task())).task('r').get(host())!;
    expect(again).to.deep.include({ status: 'ok' });
    expect(again.data.msg).to.equal('');
    expect(treeDigest(host(), '/srv/re')).to.equal(digest);
  });

  it('a directory and a bad group reference fail with a message; the file stays', async () => {
    const r = await runYaml(
      play(
        `    - name: dir\n      replace: { path: /srv/re, regexp: x }\n      ignore_errors: true\n` +
          `    - name: group\n      replace: { path: /srv/re/conf, regexp: old, replace: '\\3' }\n`,
      ),
    );
    expect(r.task('dir').get(host())!).to.deep.include({ status: 'failed', msg: 'Path /srv/re is a directory !' });
    expect(r.task('group').get(host())!).to.deep.include({
      status: 'failed',
      msg: 'cannot use "old": invalid group reference 3',
    });
    expect(hostFile(host(), '/srv/re/conf')).to.equal('a = old\nb = keep\nc = old\n');
  });
});
