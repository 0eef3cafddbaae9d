import { expect } from 'chai';
import { inShard, parseShard, shardOf } from '../../src/inventory/shard.js';
import { runbookError } from '../parse/support.js';

const names = (n: number, prefix = 'node') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe('--shard K/N (inventory/shard)', () => {
  it('splits the hosts into N disjoint shards that together hold every host once', () => {
    const hosts = names(1000);
    const shards = [1, 2, 3, 4, 5].map((index) => inShard(hosts, { index, count: 5 }));
    expect(shards.flat().sort()).to.deep.equal([...hosts].sort());
    expect(new Set(shards.flat()).size).to.equal(1000);
  });

  it('balances 5,000 hosts over 8 shards within 10% of the mean', () => {
    const hosts = [...names(2500, 'worker-'), ...names(2500, 'ip-10-0-').map((h) => `${h}.ec2.internal`)];
    const sizes = Array.from({ length: 8 }, (_, i) => inShard(hosts, { index: i + 1, count: 8 }).length);
    for (const size of sizes) expect(Math.abs(size - 625)).to.be.below(63, `shard sizes ${sizes.join(', ')}`);
  });

  it('keeps every host in its shard when hosts are added or removed', () => {
    const before = names(300);
    const after = [...before.slice(50), ...names(200, 'new')];
    const kept = inShard(after, { index: 3, count: 6 }).filter((h) => before.includes(h));
    expect(kept).to.deep.equal(inShard(before, { index: 3, count: 6 }).filter((h) => after.includes(h)));
  });

  it('moves only the hosts the new shard takes when going from N to N+1 shards (about 1 in N+1)', () => {
    const hosts = names(2000);
    const moved = hosts.filter((h) => shardOf(h, 4) !== shardOf(h, 5));
    for (const h of moved) expect(shardOf(h, 5)).to.equal(5);
    expect(moved.length).to.be.within(320, 480); // 2000 / 5 = 400
  });

  it('puts every host in shard 1 of 1', () => {
    expect(inShard(names(50), { index: 1, count: 1 })).to.deep.equal(names(50));
  });

  it('gives the same split in every process: the shard depends on the name alone', () => {
    expect(names(12).map((h) => shardOf(h, 3))).to.deep.equal(names(12).map((h) => shardOf(h, 3)));
    // Pinned: a change to the hash would move hosts between the pods of a running Job.
    expect(['node1', 'node2', 'node3', 'node4', 'node5', 'node6'].map((h) => shardOf(h, 3))).to.deep.equal(PINNED);
  });

  it('reads K/N and refuses anything else with a usage error', () => {
    expect(parseShard('2/4')).to.deep.equal({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).to.deep.equal({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '4', 'a/b', '1/0', '-1/3', '1/3/4', '']) {
      const err = runbookError(() => parseShard(bad));
      expect(err.code).to.equal('usage');
      expect(err.message).to.include('--shard must be K/N');
    }
  });
});

const PINNED = [2, 3, 1, 3, 2, 1];
