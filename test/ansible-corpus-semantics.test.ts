// Issue 28's semantics of values and templates under both engines: each playbook
// (test/ansible-corpus/<name>/) runs with runbook and with ansible-playbook 2.14 on
// the same lab hosts; both must leave the files written here (registered values are
// written into files too), with the same recap.
import { hostname } from 'node:os';
import { hostNames } from './support/run.js';
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: values and templates (issue 28)', function () {
  this.timeout(240_000);

  it(
    'values-semantics: statements-only values, set_fact accumulating in a loop, text read as data, ' +
      'templated retries/delay/environment, hostvars read lazily, looped register fields, ' +
      'a handler chain in one flush',
    () => {
      const [a, b] = hostNames();
      const files = (h: string) => ({
        values: `off a,b,c 2 f p2 t [not a list f t t\n`,
        tries: 'try\ntry\ntry\n',
        env: 'http://proxy.example:3128 3\n',
        peer: `${b}-owned\n`,
        looped: 'x,y y pkg 0 x\n',
        handlers: 'start\nchain\nlater\nafter-flush\nearlier\n',
        _host: h,
      });
      bothEngines(
        'values-semantics',
        {
          ended: 'ok',
          recap: [counts({ ok: 16, changed: 12, ignored: 2 }), counts({ ok: 16, changed: 12, ignored: 2 })],
          files: [a, b].map((h) => {
            const { _host, ...f } = files(h as string);
            return f;
          }),
        },
        { hosts: 2 },
      );
    },
  );

  it(
    "role-j2-template: a role's .j2 templates in Jinja as the template module renders them (comments, " +
      'for/if/set, whitespace control, trailing newlines, ansible_managed); ' +
      'a second render changes nothing',
    () => {
      const site = [
        '# Ansible managed',
        `# rendered on ${hostname()} from site.conf.j2`,
        'server {',
        '  listen 0.0.0.0:8080;',
        '  ssl on;',
        '  upstreams app1,app2,app3;',
        '  add_header X-Frame-Options "DENY";',
        `  add_header X-Served-By "${hostNames()[0]}";`,
        // lstrip_blocks off: the indentation before a {% %} line stays; trim_blocks eats the newline after {% endfor %}.
        '      many backends',
        '      others: APP2 APP3}',
        '',
      ].join('\n');
      bothEngines('role-j2-template', {
        ended: 'ok',
        recap: [counts({ ok: 4, changed: 3 })],
        files: [{ 'site.conf': site, bare: 'port=8080', doubled: 'app1\napp2\napp3\n\n' }],
      });
    },
  );

  it('expr-methods: string, list and mapping methods, {% set %}, omit, version_compare, first_found, ipaddr/ipv4, regex_findall', () => {
    bothEngines('expr-methods', {
      ended: 'ok',
      recap: [counts({ ok: 9, changed: 9 })],
      files: [
        {
          strings: 'alpha|beta|gamma 1.6.28 t t 1.28.2 mixedUP a+b-c\n',
          mappings: 'tier=web,zone=a tier,zone a,web a none\n',
          omitted: '',
          versions: 'new lt\n',
          found: 'present.conf 0\n',
          'first-found': 'present.conf\n',
          ip: '10.233.0.1 10.0.0.5,192.168.1.7/24 192.168.1.0 255.255.255.0 16384 10.0.0.7 f\n',
          regex: '1.6.28\n',
        },
      ],
    });
  });

  it(
    'keywords-templated: ignore_errors, retries, delay, throttle, timeout, check_mode, diff, become and ' +
      "any_errors_fatal from templates; a retries that is no number and a boolean keyword given '' fail the host",
    () => {
      bothEngines('keywords-templated', {
        ended: 'ok',
        recap: [counts({ ok: 10, changed: 8, ignored: 4 })],
        files: [{ throttled: 't', diffed: 'd', tries: 'try\ntry\ntry\n', seen: 'diff 0 changed True\n' }],
      });
    },
  );

  it("play-keywords-templated: serial, max_fail_percentage and force_handlers from templates of the play's variables", () => {
    const [a, b] = hostNames();
    bothEngines(
      'play-keywords-templated',
      {
        ended: 'failed',
        recap: [counts({ ok: 3, changed: 3 }), counts({ ok: 2, changed: 2, failed: 1 })],
        files: [{ batch: `${a}\n` }, { batch: `${b}\n` }, {}],
      },
      { hosts: 3 },
    );
  });
  it('keywords-omitted: serial, max_fail_percentage, retries, ignore_errors and others given default(omit) are as if unwritten', () => {
    bothEngines(
      'keywords-omitted',
      {
        ended: 'failed',
        recap: [
          counts({ ok: 5, changed: 5, ignored: 1 }),
          counts({ ok: 3, changed: 3, failed: 1, ignored: 1 }),
          counts({ ok: 5, changed: 5, ignored: 1 }),
        ],
        files: [
          { batch: '3\n', tries: 'try\ntry\ntry\ntry\n', after: 'yes\n' },
          { batch: '3\n', tries: 'try\ntry\ntry\ntry\n' },
          { batch: '3\n', tries: 'try\ntry\ntry\ntry\n', after: 'yes\n' },
        ],
      },
      { hosts: 3 },
    );
  });
  it('keywords-as-text: ignore_errors "yes", retries "2", check_mode "No", become "no" read as Ansible reads them', () => {
    bothEngines('keywords-as-text', {
      ended: 'ok',
      recap: [counts({ ok: 4, changed: 4, ignored: 2 })],
      files: [{ tries: 'try\ntry\ntry\n', written: 'yes\n' }],
    });
  });
});
