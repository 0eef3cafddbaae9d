import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { validatedSchemas } from '../../src/cli/validator-catalog.js';
import { RunbookError } from '../../src/errors.js';
import { moduleCatalog } from '../../src/modules/registry.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import { loadInventory } from '../../src/parse/inventory.js';
import {
  LOAD_TIME,
  PRECOMPILED_DIR,
  RENDERED_ARGS,
  ajvFor,
  compiledAtRunTime,
  precompiledName,
  validatorFor,
} from '../../src/schema/precompiled.js';
import { validatorCode } from '../../src/schema/validator-code.js';
import { cliMain } from '../support/cli-bin.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dir = fileURLToPath(PRECOMPILED_DIR);
const stale = 'run `npm run build` (tsc, then scripts/compile-validators.js)';

// Values of every JSON type, and the usual mistakes, to run through both validators.
const SAMPLES: unknown[] = [
  null,
  true,
  0,
  1.5,
  -1,
  '',
  'x',
  '{{ v }}',
  '/abs',
  [],
  [1],
  ['a', ''],
  {},
  { name: 1 },
  { hosts: 'all', tasks: [] },
  { hosts: 'all', tasks: [{ copy: { dest: 'rel' } }], bogus: 1 },
  { all: { hosts: { n1: null } } },
  { all: { hosts: ['n1'] } },
  { path: '/etc/x', state: 'nope', mode: 644 },
  { dest: '/x', content: 'a', owner: 0 },
  { type: 'task_start', version: 1 },
];

describe('precompiled validators (schema/precompiled.ts, scripts/compile-validators.js)', function () {
  // Regenerating and comparing 78 validators takes seconds on a busy machine.
  this.timeout(60_000);

  it(`every schema runbook validates against has its validator in dist/ (else: ${stale})`, () => {
    for (const [set, schemas] of validatedSchemas()) {
      for (const schema of schemas)
        expect(
          existsSync(join(dir, precompiledName(set, schema))),
          `${set.name}: ${JSON.stringify(schema).slice(0, 120)}`,
        ).to.equal(true);
    }
  });

  it("each validator is the code ajv generates today from the schema object and the set's options, and no other file is there", () => {
    const expected = new Map<string, string>();
    for (const [set, schemas] of validatedSchemas()) {
      for (const schema of schemas)
        expected.set(precompiledName(set, schema), validatorCode(set, schema, Ajv, standalone.default));
    }
    expect(readdirSync(dir).sort()).to.deep.equal([...expected.keys()].sort());
    for (const [name, code] of expected)
      expect(readFileSync(join(dir, name), 'utf8'), `${name}: ${stale}`).to.equal(code);
  });

  it('a precompiled validator and ajv.compile of the same schema agree on values and errors (module arguments coerced alike)', () => {
    const require = createRequire(import.meta.url);
    let compared = 0;
    for (const [set, schemas] of validatedSchemas()) {
      const ajv = ajvFor(set, Ajv);
      for (const schema of schemas) {
        const pre = require(join(dir, precompiledName(set, schema))) as ReturnType<Ajv['compile']>;
        const now = ajv.compile(schema);
        for (const sample of SAMPLES) {
          // coerceTypes changes the data in place: each validator gets its own copy.
          const [a, b] = [structuredClone(sample), structuredClone(sample)];
          expect(pre(a), JSON.stringify(sample)).to.equal(now(b));
          expect(pre.errors ?? null).to.deep.equal(now.errors ?? null);
          expect(a).to.deep.equal(b);
          compared++;
        }
      }
    }
    expect(compared).to.be.greaterThan(1000);
  });

  it('a schema the build did not see (changed since) is compiled at run time, with the same options: slower, never wrong', () => {
    const before = compiledAtRunTime.length;
    const schema = { type: 'object', properties: { port: { type: 'string' } }, errorHint: 'not precompiled' };
    expect(existsSync(join(dir, precompiledName(LOAD_TIME, schema)))).to.equal(false);
    const validate = validatorFor(LOAD_TIME, schema);
    expect(validate({ port: 80 })).to.equal(false);
    expect(validate.errors?.[0]?.parentSchema).to.deep.equal({ type: 'string' });
    const coerced = { port: 80 };
    expect(validatorFor(RENDERED_ARGS, schema)(coerced)).to.equal(true);
    expect(coerced).to.deep.equal({ port: '80' });
    expect(compiledAtRunTime.slice(before).map((c) => c.set)).to.deep.equal(['load', 'rendered-args']);
  });

  it('the same schema under other options is another validator (a change of options is no stale hit)', () => {
    const schema = { type: 'string' };
    expect(precompiledName(LOAD_TIME, schema)).not.to.equal(precompiledName(RENDERED_ARGS, schema));
    expect(precompiledName(LOAD_TIME, schema)).not.to.equal(
      precompiledName({ ...LOAD_TIME, options: { ...LOAD_TIME.options, allErrors: false } }, schema),
    );
  });

  it('loading the shipped, bench, corpus and fixture playbooks and the example inventory compiles no schema at run time', () => {
    const before = compiledAtRunTime.length;
    const yamlIn = (d: string) =>
      readdirSync(join(repo, d))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(repo, d, f));
    const corpus = readdirSync(join(repo, 'test/ansible-corpus'))
      .map((d) => join(repo, 'test/ansible-corpus', d, 'playbook.yaml'))
      .filter(existsSync);
    const playbooks = [
      ...yamlIn('playbooks'),
      ...yamlIn('bench/playbooks'),
      ...yamlIn('test/fixtures/parse'),
      ...corpus,
    ];
    let loaded = 0;
    for (const f of playbooks) {
      try {
        loadPlaybook(f, moduleCatalog);
        loaded++;
      } catch (err) {
        // Fixtures of bad input: their error came from a validator like any other.
        if (!(err instanceof RunbookError)) throw err;
      }
    }
    expect(loaded).to.be.greaterThan(20);
    loadInventory([join(repo, 'inventory.example.yaml')]);
    expect(compiledAtRunTime.slice(before).map((c) => JSON.stringify(c.schema).slice(0, 120))).to.deep.equal([]);
  });

  it("runbook apply of a no-op playbook never loads ajv's compiler, only precompiled validators", () => {
    const tmp = mkdtempSync(join(tmpdir(), 'runbook-precompiled-'));
    try {
      writeFileSync(join(tmp, 'hosts.yaml'), 'all:\n  hosts:\n    node1: { ansible_host: 127.0.0.1 }\n');
      // Every CommonJS file the run loaded (ajv is CommonJS), written when it exits.
      writeFileSync(
        join(tmp, 'loaded.cjs'),
        `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(join(tmp, 'loaded.json'))}, JSON.stringify(Object.keys(require.cache))));\n`,
      );
      const run = spawnSync(
        process.execPath,
        [
          '--require',
          join(tmp, 'loaded.cjs'),
          cliMain(),
          'apply',
          join(repo, 'bench/playbooks/noop.yaml'),
          '-i',
          join(tmp, 'hosts.yaml'),
          '--plain',
          '--no-record',
        ],
        { encoding: 'utf8' },
      );
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/node1\s+: ok=0\s+changed=0\s+unreachable=0\s+failed=0/);
      const loaded = JSON.parse(readFileSync(join(tmp, 'loaded.json'), 'utf8')) as string[];
      expect(loaded.filter((f) => f.startsWith(dir)).length, 'precompiled validators loaded').to.be.greaterThan(1);
      expect(loaded.filter((f) => /node_modules\/ajv\/dist\/(ajv|core|compile\/)/.test(f))).to.deep.equal([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
