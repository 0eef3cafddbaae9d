import { expect } from 'chai';
import { join } from 'node:path';
import { LoopAhead } from '../../src/engine/loop-ahead.js';
import { SharedReads } from '../../src/engine/run-cache.js';
import { moduleCatalog, modules } from '../../src/modules/registry.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import type { ModuleTask } from '../../src/types/playbook.js';
import type { Vars } from '../../src/types/vars.js';
import { tempFiles } from '../parse/support.js';

// engine/loop-ahead.ts's decisions, without a host: which items the read covers and
// which items may take it (the lab test is test/modules/systemd-loop.test.ts).
describe('a loop read ahead (engine/loop-ahead.ts)', () => {
  const items = ['a', 'b', 'c'];
  const setUp = (become: (vars: Vars) => string | undefined = () => undefined) => {
    const dir = tempFiles({
      'site.yaml':
        '- hosts: all\n  tasks:\n    - systemd: { name: "{{ item }}", state: stopped }\n' +
        '      loop: [a, b, c]\n      when: item != "b"\n',
    });
    const task = loadPlaybook(join(dir, 'site.yaml'), moduleCatalog).plays[0]!.tasks[0] as ModuleTask;
    const cache = new SharedReads();
    const run = {
      task,
      module: modules.get('systemd')!,
      host: 'n1',
      vars: {},
      become: (_: string, vars: Vars) => (become(vars) ? { user: become(vars)! } : undefined) as never,
    };
    const ahead = new LoopAhead(run, items, cache);
    const itemVars = (i: number): Vars => ({ item: items[i] as string });
    const reads: Record<string, unknown>[][] = [];
    const read = (args: Record<string, unknown>[]) => {
      reads.push(args);
      return Promise.resolve('state');
    };
    return { ahead, cache, itemVars, reads, read };
  };

  it('reads once, at the first item, the arguments of the items whose when holds; each item takes it once', async () => {
    const { ahead, itemVars, reads, read } = setUp();
    const first = ahead.forItem(itemVars(0))!;
    expect(await first(read)).to.equal('state');
    expect(first(read), 'a retry reads anew').to.equal(undefined);
    expect(await ahead.forItem(itemVars(2))!(read)).to.equal('state');
    expect(reads.map((r) => r.map((a) => a.name))).to.deep.equal([['a', 'c']]);
  });

  it('an item after a change on the host, or on another connection (become), reads alone', async () => {
    const changed = setUp();
    await changed.ahead.forItem(changed.itemVars(0))!(changed.read);
    changed.cache.changing('n1');
    expect(changed.ahead.forItem(changed.itemVars(2))!(changed.read)).to.equal(undefined);
    const other = setUp((vars) => (vars.item === 'c' ? 'app' : undefined));
    await other.ahead.forItem(other.itemVars(0))!(other.read);
    expect(other.ahead.forItem(other.itemVars(2))!(other.read)).to.equal(undefined);
    expect([changed.reads.length, other.reads.length]).to.deep.equal([1, 1]);
  });
});
