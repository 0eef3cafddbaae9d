// Which values are secrets, and how they are masked: without hosts.
import { expect } from 'chai';
import { join } from 'node:path';
import { collectSecretVars } from '../../src/engine/secret-vars.js';
import { RunbookError } from '../../src/errors.js';
import { moduleCatalog } from '../../src/modules/registry.js';
import { loadInventory } from '../../src/parse/inventory.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import { parseYaml } from '../../src/parse/yaml-source.js';
import { MASK, SecretValues, secretValues } from '../../src/secrets.js';
import { project } from '../support/run.js';
import { runbook } from '../cli/support.js';

describe('secret values', () => {
  it('masks a value, its shell-quoted forms, and the lines of a multi-line one; longest first', () => {
    const s = new SecretValues();
    s.add("it's $x");
    s.add('pw');
    s.add('pw-longer');
    s.add('-----BEGIN KEY-----\nAAAAB3NzaC1yc2EAAAADAQAB\nshort\n-----END KEY-----');
    expect(s.mask(`a it's $x b "it's \\$x" c 'it'\\''s $x' d`)).to.equal(`a ${MASK} b "${MASK}" c '${MASK}' d`);
    expect(s.mask('pw-longer pw')).to.equal(`${MASK} ${MASK}`);
    expect(s.mask('+AAAAB3NzaC1yc2EAAAADAQAB\n+short')).to.equal(`+${MASK}\n+short`);
    s.add('');
    s.add(undefined);
    expect(s.mask('nothing here')).to.equal('nothing here');
  });

  it('masks every string of an event, keys, Maps and errors included, keeping the error class', () => {
    const s = new SecretValues();
    s.addValue({ a: ['t0ken-1', 4711], b: true });
    const event = { kind: 'x', m: new Map([['t0ken-1', { n: 4711, s: 'pin 4711' }]]), list: ['t0ken-1!'], n: 4711 };
    expect(s.maskDeep(event)).to.deep.equal({
      kind: 'x',
      m: new Map([[MASK, { n: 4711, s: `pin ${MASK}` }]]),
      list: [`${MASK}!`],
      n: 4711,
    });
    const err = s.maskError(
      new RunbookError('template', 'bad t0ken-1', {
        hint: 'use t0ken-1',
        excerpt: 'x: t0ken-1',
        source: { file: 'f', line: 1, col: 1 },
      }),
    );
    expect(err).to.be.instanceOf(RunbookError);
    expect([err.message, err.hint, err.excerpt, err.code]).to.deep.equal([
      `bad ${MASK}`,
      `use ${MASK}`,
      `x: ${MASK}`,
      'template',
    ]);
    expect(err.stack).not.to.include('t0ken-1');
  });

  it('a !secret YAML value is a string (digits too) and joins the secrets; !secret on a mapping is refused', () => {
    const src = parseYaml('pin: !secret 00427731\ntoken: !secret "tok en-77"\nplain: 0042\n', 'v.yaml');
    expect(src.data).to.deep.equal({ pin: '00427731', token: 'tok en-77', plain: 34 });
    expect(secretValues.mask('00427731 tok en-77')).to.equal(`${MASK} ${MASK}`);
    expect(() => parseYaml('a: !secret { b: 1 }\n', 'w.yaml')).to.throw(RunbookError, 'unsupported YAML tag !secret');
  });

  it("a run's own set masks the process-wide values too, and its own stay out of the process-wide set", () => {
    const run = new SecretValues(secretValues);
    run.add('run-only-5512');
    secretValues.add('later-global-5513');
    expect(run.mask('run-only-5512 later-global-5513 tok en-77')).to.equal(`${MASK} ${MASK} ${MASK}`);
    expect(secretValues.mask('run-only-5512')).to.equal('run-only-5512');
  });

  it('a YAML error on a !secret line shows the line masked', () => {
    const dir = project({
      'extra.yaml': 'db: !secret Dup-Secret-31\ndb: !secret Dup-Secret-31\n',
      'p.yaml': '- hosts: all\n  tasks: []\n',
      'hosts.ini': 'a\n',
    });
    const r = runbook([
      'validate',
      join(dir, 'p.yaml'),
      '-i',
      join(dir, 'hosts.ini'),
      '-e',
      `@${join(dir, 'extra.yaml')}`,
    ]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include(`db: !secret ${MASK}`);
    expect(r.stdout + r.stderr).not.to.include('Dup-Secret-31');
  });

  it('runbook_secret_vars, secret-looking names and what no_log tasks set or read are secrets; magic and connection variables are not', () => {
    const dir = project({
      'hosts.yaml':
        'all:\n  vars:\n    runbook_secret_vars: [db_pass]\n    db_pass: dbp-1\n    registry: { url: ' +
        'r.example, auth_token: at-2 }\n  hosts:\n    h1: { ansible_host: 10.9.9.9, site_secret: ss-3 }\n',
      'p.yaml': [
        '- hosts: all',
        '  vars: { runbook_secret_vars: "api_key, other", api_key: ak-4, backup: bk-5, shown: visible-6, port: 2222, mode: abc }',
        '  tasks:',
        '    - shell: "use {{ backup }} on {{ inventory_hostname }}:{{ port }} {{ ansible_host }} {{ mode }}"',
        '      no_log: true',
        '      vars: { nl: nl-7 }',
        '    - debug: { msg: "{{ shown }}" }',
      ].join('\n'),
    });
    const s = new SecretValues();
    collectSecretVars(
      loadPlaybook(join(dir, 'p.yaml'), moduleCatalog).plays,
      loadInventory(join(dir, 'hosts.yaml')),
      { x_password: 'xp-8' },
      s,
    );
    expect(s.mask('dbp-1 at-2 ss-3 ak-4 bk-5 nl-7 xp-8 | r.example visible-6 h1 10.9.9.9')).to.equal(
      `${Array(7).fill(MASK).join(' ')} | r.example visible-6 h1 10.9.9.9`,
    );
    // A no_log task reads `port` too, but a number is not masked: it would garble every output.
    expect(s.mask('2222')).to.equal('2222');
    // Nor a text too short to be a secret worth the name: every "abc" in the output would go.
    expect(s.mask('abc')).to.equal('abc');
  });

  it('runbook inventory and runbook validate mask !secret values and runbook_secret_vars too', () => {
    const dir = project({
      'hosts.yaml':
        'all:\n  vars:\n    runbook_secret_vars: [dbconn]\n    dbconn: Inv-Db-91\n    api: !secret Inv-Api-92\n  hosts:\n    h1: {}\n',
      'p.yaml': '- hosts: all\n  tasks:\n    - file: { path: /x, state: "s/{{ dbconn }}/{{ api }}" }\n',
    });
    for (const args of [
      ['inventory', '-i', join(dir, 'hosts.yaml'), '--host', 'h1'],
      ['inventory', '-i', join(dir, 'hosts.yaml'), '--list'],
    ]) {
      const r = runbook(args);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.include(MASK);
      expect(r.stdout).not.to.match(/Inv-(Db|Api)-9/);
    }
    const v = runbook(['validate', join(dir, 'p.yaml'), '-i', join(dir, 'hosts.yaml')]);
    expect(v.code).to.equal(1);
    expect(v.stdout).to.include(`value: "s/${MASK}/${MASK}"`);
    expect(v.stdout + v.stderr).not.to.match(/Inv-(Db|Api)-9/);
  });
});
