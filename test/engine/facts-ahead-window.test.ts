// The bookkeeping of facts read ahead (engine/facts-ahead.ts), as data: how many
// reads run at once, which reading a batch gets, what is let go. Each host's
// connection is FakeConnection answering the gather script; the lab test of the
// same reads on real hosts is facts-ahead.test.ts.
import { expect } from 'chai';
import { FactsAhead } from '../../src/engine/facts-ahead.js';
import type { Play } from '../../src/types/playbook.js';
import { answer } from '../support/fake-commands.js';
import { FakeConnection } from '../support/fake-connection.js';

/** Just what FactsAhead reads of a play: whether it gathers, and with what environment. */
const gathering = (environment: Record<string, string> = {}) => ({ gatherFacts: { environment } }) as unknown as Play;

/** Hosts whose reads are held open until released, and a change count per host. */
function setup(window: number) {
  const opened: string[] = [];
  const release = new Map<string, () => void>();
  const changes = new Map<string, number>();
  const ahead = new FactsAhead({
    open: async (host) => {
      opened.push(host);
      await new Promise<void>((resolve) => release.set(host, resolve));
      if (host === 'down') throw new Error('connect ECONNREFUSED');
      return new FakeConnection({ name: host, commands: [answer(/uname -s/, { stdout: `nodename=${host}\n` })] });
    },
    changesOn: (host) => changes.get(host) ?? 0,
    window,
  });
  return { ahead, opened, release, changes };
}

describe('facts read ahead: the bookkeeping', () => {
  it('at most `window` reads at once, in the order wanted; a taken one makes room for the next', async () => {
    const { ahead, opened, release } = setup(2);
    const play = gathering();
    ahead.want(play, ['a', 'b', 'c', 'd']);
    expect(opened).to.deep.equal(['a', 'b']);
    release.get('a')?.();
    const a = await ahead.take('a', play);
    expect(a?.values.nodename).to.equal('a');
    expect(opened).to.deep.equal(['a', 'b', 'c']);
    // Not started yet: the batch reads it itself, and the queue forgets it.
    expect(ahead.take('d', play)).to.equal(undefined);
    release.get('b')?.();
    await ahead.take('b', play);
    expect(opened).to.deep.equal(['a', 'b', 'c']);
  });

  it('a reading taken while still under way keeps its room until it settles', async () => {
    const { ahead, opened, release } = setup(1);
    const play = gathering();
    ahead.want(play, ['a', 'b']);
    const a = ahead.take('a', play);
    expect(opened).to.deep.equal(['a']);
    release.get('a')?.();
    expect((await a)?.values.nodename).to.equal('a');
    expect(opened).to.deep.equal(['a', 'b']);
  });

  it('a change on the host after the read began: no reading, the batch reads anew', async () => {
    const { ahead, release, changes } = setup(4);
    const play = gathering();
    ahead.want(play, ['a', 'b']);
    changes.set('b', 1);
    release.get('a')?.();
    release.get('b')?.();
    expect(await ahead.take('a', play)).to.not.equal(undefined);
    expect(ahead.take('b', play)).to.equal(undefined);
  });

  it('a read that failed is not handed out; a reading is for its own play; a play with an environment reads nothing ahead', async () => {
    const { ahead, opened, release } = setup(4);
    const play = gathering();
    const other = gathering();
    ahead.want(play, ['down', 'a']);
    release.get('down')?.();
    release.get('a')?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(ahead.take('down', play)).to.equal(undefined);
    expect(ahead.take('a', other)).to.equal(undefined);
    ahead.want(gathering({ HTTPS_PROXY: 'http://proxy:3128' }), ['b']);
    expect(opened).to.deep.equal(['down', 'a']);
  });

  it("a play's end lets its untaken readings go, and their room", async () => {
    const { ahead, opened, release } = setup(1);
    const play = gathering();
    const next = gathering();
    ahead.want(play, ['a']);
    ahead.want(next, ['b']);
    release.get('a')?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened).to.deep.equal(['a']);
    ahead.endPlay(play);
    expect(opened).to.deep.equal(['a', 'b']);
    expect(ahead.take('a', play)).to.equal(undefined);
  });
});
