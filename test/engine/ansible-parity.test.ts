// Issue 27's decisions, each checked in milliseconds without a host (the corpus
// runs them on the lab under both engines: test/ansible-corpus-both-engines.test.ts).
import { expect } from 'chai';
import { join } from 'node:path';
import { loopItems } from '../../src/engine/loop-items.js';
import { renderedTags, selectedByTags } from '../../src/engine/tags.js';
import { registeredValue, type Attempt } from '../../src/engine/task-result.js';
import { moduleCatalog } from '../../src/modules/registry.js';
import { asAnsibleSets } from '../../src/modules/set-fact.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import { parseYaml } from '../../src/parse/yaml-source.js';
import type { ModuleTask } from '../../src/types/playbook.js';
import { conditionHolds } from '../../src/vars/condition/index.js';
import { renderValue } from '../../src/vars/render-value.js';
import { runbookError, tempFiles } from '../parse/support.js';

const at = { file: 'p.yaml', line: 1, col: 1 };
const firstTask = (tasks: string) =>
  loadPlaybook(join(tempFiles({ 'p.yaml': `- hosts: all\n  tasks:\n${tasks}` }), 'p.yaml'), moduleCatalog).plays[0]!
    .tasks[0] as ModuleTask;

describe('Ansible parity (issue 27): tags', () => {
  const filter = (only: string[], skip: string[] = []) => ({ only: new Set(only), skip: new Set(skip) });

  it('tags: tag1,tag2 is two tags; a list stays as written; a template is left whole for the run', () => {
    expect(firstTask('    - debug: msg=x\n      tags: tag1, tag2\n').tags).to.deep.equal(['tag1', 'tag2']);
    expect(firstTask('    - debug: msg=x\n      tags: [a, b]\n').tags).to.deep.equal(['a', 'b']);
    expect(firstTask('    - debug: msg=x\n      tags: "{{ the_tags }}"\n').tags).to.deep.equal(['{{ the_tags }}']);
  });

  it('a templated tag renders to a list (its items) or to one tag, commas and all (ansible-core 2.14)', () => {
    const vars: Record<string, unknown> = { list: ['x', 'y'], text: 'p, q' };
    const render = (t: string) => renderValue(t, vars, at);
    expect(renderedTags(['a', '{{ list }}'], render)).to.deep.equal(['a', 'x', 'y']);
    expect(renderedTags(['{{ text }}'], render)).to.deep.equal(['p, q']);
  });

  it('selects as ansible-core 2.14: never only when asked, tagged not for never, always unless skipped', () => {
    const table: [string[], string[], string[], boolean][] = [
      [[], [], [], true],
      [['never'], [], [], false],
      [['never', 'x'], ['tagged'], [], false],
      [['never', 'x'], ['x'], [], true],
      [['never'], ['never'], [], true],
      [['a'], ['tagged'], [], true],
      [[], ['tagged'], [], false],
      [[], ['untagged'], [], true],
      [['always'], ['other'], [], true],
      [['always'], [], ['always'], false],
      [['always'], [], ['all'], true],
      [['a'], [], ['all'], false],
      [['a'], [], ['tagged'], false],
      [[], [], ['untagged'], false],
      [['a', 'b'], ['b'], ['a'], false],
    ];
    for (const [tags, only, skip, want] of table)
      expect(selectedByTags(tags, filter(only, skip)), `${tags} --tags ${only} --skip-tags ${skip}`).to.equal(want);
  });

  it('run_once keeps a template for the run to decide', () => {
    expect(firstTask('    - debug: msg=x\n      run_once: "{{ once | default(False) }}"\n').runOnce).to.equal(
      '{{ once | default(False) }}',
    );
  });
});

describe('Ansible parity (issue 27): values', () => {
  it('set_fact: true/false/yes/no strings in any case are booleans; on, 1 and other text stay', () => {
    expect(['false', 'Yes', 'TRUE', 'no', 'on', '1', 'abc', 1, false].map(asAnsibleSets)).to.deep.equal([
      false,
      true,
      true,
      false,
      'on',
      '1',
      'abc',
      1,
      false,
    ]);
  });

  it('debug: msg=hi is msg "hi"; a command keeps cmd= words in its command line', () => {
    expect(firstTask('    - debug: msg=hi\n').args).to.deep.equal({ msg: 'hi' });
    expect(firstTask('    - command: echo cmd=x creates=/y\n').args).to.deep.equal({
      cmd: 'echo cmd=x',
      creates: '/y',
    });
  });

  it('r.results.0.item reads index 0, then the key', () => {
    const vars = { r: { results: [{ item: 'a', sub: ['z'] }] } };
    expect(renderValue('{{ r.results.0.item }}', vars, at)).to.equal('a');
    expect(conditionHolds('r.results.0.sub.0 == "z"', vars, at)).to.equal(true);
    expect(renderValue('{{ 1.5 + 1 }}', {}, at)).to.equal(2.5);
  });

  it('with_list refuses a mapping at the task; with_list of one value is that value', () => {
    const task = (loop: unknown) => ({ loop, loopWith: 'with_list' as const, source: at });
    expect(runbookError(() => loopItems(task('{{ users }}'), { users: { alice: 1 } }, '/')).message).to.match(
      /^with_list expects a list, got object/,
    );
    expect(loopItems(task('{{ one }}'), { one: 'x' }, '/')).to.deep.equal(['x']);
  });

  it('a looped register: each result has the module fields, the item under its loop variable and item, and ansible_loop_var', () => {
    const attempt = (stdout: string): Attempt => ({
      status: 'changed',
      changes: ['run'],
      diffs: [],
      data: { rc: 0, stdout },
    });
    const items = [
      { item: 'a', status: 'changed' as const },
      { item: 'b', status: 'changed' as const },
    ];
    const reg = registeredValue(attempt(''), {
      items,
      attempts: [attempt('A'), attempt('B')],
      loopVar: 'word',
      indexVar: 'i',
    });
    expect(reg.msg).to.equal('All items completed');
    expect(
      registeredValue({ ...attempt(''), status: 'skipped' }, { items: [], attempts: [], loopVar: 'item' }),
    ).to.include({ skipped: true, skipped_reason: 'No items in the list' });
    expect((reg.results as object[])[1]).to.deep.equal({
      rc: 0,
      stdout: 'B',
      stdout_lines: ['B'],
      changed: true,
      failed: false,
      skipped: false,
      unreachable: false,
      item: 'b',
      word: 'b',
      ansible_loop_var: 'word',
      i: 1,
      ansible_index_var: 'i',
    });
  });

  it('an alias with no anchor is named as such, at its line', () => {
    const err = runbookError(() => parseYaml('a: 1\nb: *nope\n', 'x.yaml'));
    expect(err.message).to.equal('undefined YAML alias *nope: no anchor &nope comes before it');
    expect(err.source).to.include({ file: 'x.yaml', line: 2 });
  });
});
