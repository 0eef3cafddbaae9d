// The lookups, loops and Jinja globals of ansible-core 2.14's loops, lookup_* and omit
// integration targets (issue 28, item 7), in a playbook of our own
// (test/ansible-corpus/lookups-loops/) run with runbook and with ansible-playbook 2.14
// on the same lab host: both must leave these files with this recap.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: lookups, loops and globals of the integration targets (issue 28)', function () {
  this.timeout(240_000);

  it(
    'lookups-loops: now(), a lookup term holding {{ }}, list/items lookups with *spread, file lstrip/rstrip, ' +
      '{% include %} in templates, other delimiters, loop_control extended, a templated loop_var and with_sequence on include_tasks, ' +
      'a templated set_fact key=value, with_dict of a list refused, password_hash',
    () => {
      bothEngines('lookups-loops', {
        ended: 'ok',
        // The with_dict of a list fails, ignored.
        recap: [counts({ ok: 15, changed: 10, ignored: 1 })],
        files: [
          {
            lookups: [
              'year: True True',
              "glob: ['data.txt', 'one.txt', 'two.txt']",
              "list: ['a', 'b'] ['alpha', 'beta'] x,alpha,beta",
              "items: ['a', 'b', 'c']",
              'file: [padded data] [17]',
              // The same hashes as crypt(3) (`openssl passwd -6 -salt saltsalt secret` with passlib's 656000 rounds).
              'hash: $6$rounds=656000$saltsalt$Vg7us3Hcq8rplCTNjwvGRwObM2xyfDZZ.XP2YLQ.ii85wAq/psu28uEfoMveNszsQWMgkWRxbZm2mBBlNn3.J0',
              'hash: $5$rounds=6000$saltsalt$JYVzZ0FLiECKxAuiiRAXWC/CtGzKt0JEZwHkJcOigaB',
              '',
            ].join('\n'),
            // An included template loses one trailing newline, as Jinja's loader reads it; its {% set %} stays in it.
            page: 'Hello world!\n- ALPHA- BETAend\n',
            'looked-up': 'Hello world!\n- ALPHA- BETAend\n',
            // variable_start_string='[%' and the like: {{ }} is text there.
            delims: 'Hi world {{ kept }}\n',
            extended: [
              '1/3 0 3 2 True False - orange apple,orange,banana item',
              '2/3 1 2 1 False False apple banana apple,orange,banana item',
              '3/3 2 1 0 False True orange - apple,orange,banana item',
              '',
            ].join('\n'),
            // An include's tasks see its loop_var and index_var, but no ansible_loop_var (as ansible-playbook 2.14).
            counted: '1 0 -\n2 1 -\n3 2 -\n',
            facts: 'blue True True\n',
          },
        ],
      });
    },
  );
});
