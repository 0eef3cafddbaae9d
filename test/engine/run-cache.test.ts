// The run's shared reads (engine/run-cache.ts), as data: which calls read anew.
// The lab test of the k8s_node read they serve is test/modules/k8s-node-shared-read.test.ts.
import { expect } from 'chai';
import { SharedReads } from '../../src/engine/run-cache.js';

describe('shared reads of a run', () => {
  /** A reader that counts its reads and returns their number. */
  const counter = () => {
    let reads = 0;
    return { read: async () => ++reads, reads: () => reads };
  };

  it('one read serves every host until something changes', async () => {
    const cache = new SharedReads();
    const c = counter();
    expect(await Promise.all(['a', 'b', 'c'].map((h) => cache.shared('k', h, c.read)))).to.deep.equal([1, 1, 1]);
    expect(c.reads()).to.equal(1);
  });

  it('a host with a change reads anew every time after it, and its newest read serves the others', async () => {
    const cache = new SharedReads();
    const c = counter();
    await cache.shared('k', 'a', c.read);
    cache.changing('b');
    expect(await cache.shared('k', 'a', c.read)).to.equal(1);
    expect(await cache.shared('k', 'b', c.read)).to.equal(2);
    // What b's change set off may still be under way: even a read made after it does not serve b.
    expect(await cache.shared('k', 'b', c.read)).to.equal(3);
    expect(await cache.shared('k', 'a', c.read)).to.equal(3);
    expect(c.reads()).to.equal(3);
  });

  it('a change while the read is under way makes it stale for that host', async () => {
    const cache = new SharedReads();
    const c = counter();
    const first = cache.shared('k', 'a', c.read);
    cache.changing('a');
    expect(await first).to.equal(1);
    expect(await cache.shared('k', 'a', c.read)).to.equal(2);
    expect(await cache.shared('k', 'c', c.read)).to.equal(2);
  });

  it('forget() makes every host read anew; keys are apart', async () => {
    const cache = new SharedReads();
    const c = counter();
    const other = counter();
    await cache.shared('k', 'a', c.read);
    await cache.shared('other', 'a', other.read);
    cache.forget();
    expect(await cache.shared('k', 'b', c.read)).to.equal(2);
    expect(await cache.shared('other', 'a', other.read)).to.equal(2);
  });

  it('a failed read is not kept: the next call reads again', async () => {
    const cache = new SharedReads();
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls === 1) throw new Error('API server away');
      return 'ok';
    };
    await cache.shared('k', 'a', flaky).then(
      () => expect.fail('the first read fails'),
      (e: Error) => expect(e.message).to.equal('API server away'),
    );
    expect(await cache.shared('k', 'a', flaky)).to.equal('ok');
    expect(calls).to.equal(2);
  });
});
