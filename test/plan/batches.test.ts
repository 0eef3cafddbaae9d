import { expect } from 'chai';
import { splitBatches } from '../../src/plan/batches.js';

const hosts = (n: number) => Array.from({ length: n }, (_, i) => `node${i + 1}`);
const sizes = (n: number, serial?: Parameters<typeof splitBatches>[1]) =>
  splitBatches(hosts(n), serial).map((b) => b.length);

describe('serial batches', () => {
  it('serial "20%" of 10 hosts gives 2,2,2,2,2', () => expect(sizes(10, '20%')).to.deep.equal([2, 2, 2, 2, 2]));
  it('serial "20%" of 11 hosts gives 2,2,2,2,2,1', () => expect(sizes(11, '20%')).to.deep.equal([2, 2, 2, 2, 2, 1]));
  it('serial [1, 2, 3] of 10 hosts gives 1,2,3,3,1', () => expect(sizes(10, [1, 2, 3])).to.deep.equal([1, 2, 3, 3, 1]));
  it('serial [1, 2, "50%"] of 10 hosts gives 1,2,5,2', () =>
    expect(sizes(10, [1, 2, '50%'])).to.deep.equal([1, 2, 5, 2]));
  it('a percentage smaller than one host is one host', () => expect(sizes(3, '10%')).to.deep.equal([1, 1, 1]));
  it('no serial is one batch of every host', () => expect(sizes(4)).to.deep.equal([4]));
  it('serial 0 is one batch of every host', () => expect(sizes(4, 0)).to.deep.equal([4]));
  it('batches keep inventory order', () =>
    expect(splitBatches(hosts(3), 2)).to.deep.equal([['node1', 'node2'], ['node3']]));
  it('no hosts, no batches', () => expect(sizes(0, 2)).to.deep.equal([]));
});
