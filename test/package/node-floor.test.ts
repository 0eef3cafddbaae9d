// The Node.js the README asks for is one every installed package accepts:
// `npm ci` on Node 20.19 must not warn that a dependency wants more
// (kubernetes-models 5 asks for Node 22; 4.5.1 is pinned, see docs/testing.md).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const root = join(import.meta.dirname, '..', '..', '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

describe('the Node.js floor', () => {
  it('the README, package.json engines and every package of the lockfile agree on Node.js 20.19', () => {
    const floor = /Node\.js ≥ (\d+\.\d+)/.exec(read('README.md'))?.[1];
    expect(floor, 'the README names a Node.js floor').to.equal('20.19');
    const ours = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(semver.minVersion(ours)?.version).to.equal(`${floor}.0`);
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } }> };
    const refusing = Object.entries(lock.packages)
      .filter(([, p]) => p.engines?.node !== undefined && !semver.satisfies(`${floor}.0`, p.engines.node))
      .map(([name, p]) => `${name} wants node ${p.engines?.node}`);
    expect(refusing).to.deep.equal([]);
  });
});
