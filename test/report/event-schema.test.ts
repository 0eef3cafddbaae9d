import { expect } from 'chai';
import { Ajv } from 'ajv';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventLineSchema } from '../../src/report/event-schema.js';
import { readEventLines } from '../../src/record/read-events.js';
import { RunbookError } from '../../src/errors.js';
import { recordedCli } from './record-support.js';

const shipped = join(import.meta.dirname, '..', '..', '..', 'schemas', 'events.v1.schema.json');

describe('the event line schema (schemas/events.v1.schema.json)', () => {
  it('the shipped file is the schema in code (regenerate: npm run schemas)', () => {
    expect(JSON.parse(readFileSync(shipped, 'utf8'))).to.deep.equal(JSON.parse(JSON.stringify(eventLineSchema)));
  });

  it('every line of a real run, in --json FILE and in the record, is valid against the shipped file, versioned and stamped in order', () => {
    const validate = new Ajv({ discriminator: true, allErrors: true }).compile(
      JSON.parse(readFileSync(shipped, 'utf8')),
    );
    const cli = recordedCli();
    const before = Date.now();
    const json = join(cli.dir, 'events.jsonl');
    expect(cli.apply(['--diff', '--json', json]).code).to.equal(2);
    const recordFile = join(cli.runsDir, cli.files().find((f) => f.endsWith('.jsonl'))!);
    const fromJson = readFileSync(json, 'utf8');
    expect(readFileSync(recordFile, 'utf8')).to.equal(fromJson);
    const lines = fromJson
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { version: number; at: string; kind: string });
    expect(new Set(lines.map((l) => l.kind))).to.include.members([
      'run-start',
      'play-start',
      'batch-start',
      'task-start',
      'task-result',
      'play-end',
      'run-end',
    ]);
    let previous = before - 1;
    for (const line of lines) {
      expect(validate(line), JSON.stringify(validate.errors)).to.equal(true);
      expect(line.version).to.equal(1);
      const at = Date.parse(line.at);
      expect(at).to.be.at.least(previous).and.at.most(Date.now());
      previous = at;
    }
  });

  it('a line that is not an event, or of another version, is an input error naming the file and line', () => {
    const cli = recordedCli();
    const file = join(cli.dir, 'bad.jsonl');
    const good = JSON.stringify({ version: 1, at: '2026-01-02T03:04:05.678Z', kind: 'play-end', name: 'p' });
    writeFileSync(file, `${good}\n${JSON.stringify({ version: 1, at: 'yesterday', kind: 'play-end', name: 'p' })}\n`);
    expect(() => readEventLines(file))
      .to.throw(RunbookError, /not a runbook event: \/at must match pattern/)
      .with.property('source')
      .that.deep.equals({ file, line: 2, col: 1 });
    writeFileSync(
      file,
      `${good}\n${JSON.stringify({ version: 2, at: '2026-01-02T03:04:05.678Z', kind: 'play-end', name: 'p' })}\n`,
    );
    expect(() => readEventLines(file)).to.throw(RunbookError, 'event schema version 2; this runbook reads version 1');
    // A run killed mid-line: the events before the cut still read.
    writeFileSync(file, `${good}\n{"version":1,"at":"2026`);
    expect(readEventLines(file)).to.have.length(1);
  });
});
