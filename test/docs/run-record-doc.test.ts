// docs/run-record.md documents every kind of event the schema allows.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

describe('docs/run-record.md', () => {
  it('has a row for every event kind of schemas/events.v1.schema.json (run-interrupting too)', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'events.v1.schema.json'), 'utf8')) as {
      oneOf: { properties: { kind: { const: string } } }[];
    };
    const kinds = schema.oneOf.map((o) => o.properties.kind.const);
    expect(kinds).to.include('run-interrupting');
    const doc = readFileSync(join(root, 'docs', 'run-record.md'), 'utf8');
    expect(kinds.filter((k) => !doc.includes(`| \`${k}\` |`))).to.deep.equal([]);
  });
});
