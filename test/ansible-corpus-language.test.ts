// The playbook language of Ansible's own integration targets (issue 28, item 7):
// `!unsafe`, the tests of registered results, lookup's errors= and wantlist=,
// debug's verbosity. Each playbook (test/ansible-corpus/lang-*/) runs with runbook
// and with ansible-playbook 2.14 on the same lab host; both must leave these files
// with this recap.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: the language of the integration targets (issue 28)', function () {
  this.timeout(240_000);

  it('lang-unsafe: !unsafe scalars, lists and mappings in play vars, task vars and module arguments are never templated', () => {
    bothEngines('lang-unsafe', {
      ended: 'ok',
      recap: [counts({ ok: 5, changed: 4 })],
      files: [
        {
          vars: 'b{{ nottemplate }} {{ a }},c {% if x %}y{% endif %} {# kept #} 18\n',
          content: '{{ ansible_managed }} {% raw %}\n',
          multi: 'line {{ one }}\n{%- raw %} tricky {% endraw %}\n',
        },
      ],
    });
  });

  it(
    'lang-result-tests: successful/success/succeeded, failure, change(d) over loop items, skip(ped), ' +
      'reachable/unreachable, finished; a result that is not a mapping is an error',
    () => {
      bothEngines('lang-result-tests', {
        ended: 'ok',
        // The failing command and the test of a string: ignored.
        recap: [counts({ ok: 7, changed: 4, skipped: 1, ignored: 2 })],
        files: [
          {
            tests: [
              'bad: True True False False False True',
              'good: True False False False True',
              'skipped: True True False',
              'looped: True False True',
              'data: True False',
              '',
            ].join('\n'),
          },
        ],
      });
    },
  );

  it(
    "lang-lookups: errors='ignore'/'warn' give nothing (\"\" in text, [] from query), wantlist=True and " +
      "q give lists, errors='strict' fails; the vars and dict lookups",
    () => {
      bothEngines('lang-lookups', {
        ended: 'ok',
        recap: [counts({ ok: 6, changed: 4, ignored: 1 })],
        files: [
          {
            ignored: 'lookup=[]\nwarn=[]\nquery=0\nnone=True\n',
            lists: '2\n1 True\n0\n',
            data: 'A A,A-b A-b dflt\nalice,bob v\n',
          },
        ],
      });
    },
  );

  // ansible-playbook's json callback prints a line before its JSON under -v: this case runs without.
  it("lang-debug-verbosity: debug verbosity 0 shows, a templated verbosity 1 is skipped with Ansible's reason", () => {
    bothEngines('lang-debug-verbosity', {
      ended: 'ok',
      recap: [counts({ ok: 3, changed: 2, skipped: 1 })],
      files: [{ results: 'False one\nTrue Verbosity threshold not met. True\n' }],
    });
  });

  // ansible-playbook 2.14 wrote these files, byte for byte (also on localhost, 2026-12-07).
  it("text-of-values: booleans, None, lists, mappings and floats in text are Python's str(), in a .j2 template, values and module arguments", () => {
    const template = [
      '# Ansible managed',
      "list=['a', 'b']",
      "dict={'k': 'v', 'n': 1}",
      'none=',
      'bool=True False',
      `nested=[[1, 'x'], {'a': [True, None]}, "it's", 'say "hi"', 'both \\' and "', 'back\\\\slash', 'tab\\tnl\\n', 'é']`,
      'floats=[1.5, 1e-05, 1e+20, 3.14, -0.0, 1e+16]',
      "tilde=True-None-['a', 'b']",
      "string=['a', 'b'] None",
      'join=1,True,None,a',
      "item=[1, 'x']",
      "item={'a': [True, None]}",
      "item=it's",
      'item=say "hi"',
      `item=both ' and "`,
      'item=back\\slash',
      'item=tab\tnl\n',
      'item=é',
      '',
    ].join('\n');
    bothEngines('text-of-values', {
      ended: 'ok',
      recap: [counts({ ok: 10, changed: 8 })],
      files: [
        {
          template,
          values: "x=True\n[1, 'a'] items\nn= d={'k': 'v', 'n': 1}\n",
          flag: 'True',
          kinds: "x=True l=['a', 'b'] | True 2 | True ['a', 'b'] items\n",
          args: "True\nFalse\n['a', 'b']\n",
        },
      ],
    });
  });
  it('failed-changed: a failed command is changed, changed_when is read on a failure too, a failed file edit is not; so counted when ignored', () => {
    bothEngines('failed-changed', {
      ended: 'ok',
      recap: [counts({ ok: 8, changed: 6, ignored: 5 })],
      files: [
        {
          said:
            'ran True True\nquiet False True\nboth True True\nedit False True\n' +
            'looped True True [False, True]\ncleared True False\n',
        },
      ],
    });
  });
  // The suite runs with ANSIBLE_GATHERING=explicit (test/lab/root-hooks.ts): this case runs both engines' default.
  it('gather-facts-default: a play without gather_facts gathers facts, one with gather_facts: false does not', () => {
    const before = process.env.ANSIBLE_GATHERING;
    delete process.env.ANSIBLE_GATHERING;
    try {
      bothEngines('gather-facts-default', {
        ended: 'ok',
        recap: [counts({ ok: 4, changed: 3 })],
        files: [{ facts: 'Debian Linux True\n', second: 'ran\n' }],
      });
    } finally {
      if (before !== undefined) process.env.ANSIBLE_GATHERING = before;
    }
  });

  it('lookup-fileglob-template: fileglob in files/ and beside the playbook, a templated term, no match; template with template_vars and convert_data', () => {
    bothEngines('lookup-fileglob-template', {
      ended: 'ok',
      recap: [counts({ ok: 4, changed: 3 })],
      files: [
        {
          globs: 'conf: a.conf,b.conf\nbare: top.conf\nnone: 0\nmissing-dir: 0\n',
          templates: 'Hello world!\n- one\n- two\n\nHello there!\n- one\n- two\nTrue world 2\nTrue\n',
        },
      ],
    });
  });

  it("lookup-password: made once in a kept file (length, chars) and read back; /dev/null new each time; the file's mode 0600", () => {
    bothEngines('lookup-password', {
      ended: 'ok',
      recap: [counts({ ok: 8, changed: 4 })],
      files: [
        {
          passwords: '12, digits, same\n16, differ, default chars\n5, lowercase\n',
          mode: '0600\n',
        },
      ],
    });
  });

  it('task-diff: diff: yes registers the changes of copy and lineinfile as before/after without --diff; none without it', () => {
    bothEngines('task-diff', {
      ended: 'ok',
      recap: [counts({ ok: 5, changed: 5 })],
      files: [{ 'file.txt': 'managed2\nFirst\n', registered: 'empty, managed\n0\nsome, managed2, 14\n' }],
    });
  });

  it('magic-connection: ansible_connection is "ssh" for a host whose inventory names no connection, also to lookup(\'vars\')', () => {
    bothEngines('magic-connection', {
      ended: 'ok',
      recap: [counts({ ok: 2, changed: 2 })],
      files: [{ connection: 'ssh ssh\nssh\n' }],
    });
  });

  // ansible-playbook 2.14 wrote these files, byte for byte (also on localhost, 2026-12-07).
  it('kv-escapes: key=value words decode escapes as parse_kv; command runs /bin/echo, not the builtin; shell as written', () => {
    bothEngines('kv-escapes', {
      ended: 'ok',
      recap: [counts({ ok: 7, changed: 7 })],
      files: [
        {
          quoted: 'x\ny\t|A\u00e9',
          bare: 'a\nb',
          'yaml-double': 'c\nd',
          echoed: 'q\\nr',
          shell: 'a\\nb',
        },
      ],
    });
  });

  it("rescue-failed-vars: ansible_failed_task.name is the task's own name ('' unnamed), ansible_failed_result is kept as data", () => {
    bothEngines('rescue-failed-vars', {
      ended: 'ok',
      recap: [counts({ ok: 3, changed: 3, rescued: 2 })],
      files: [
        {
          'in-role': '[EXPECTED FAILURE - a lookup of a missing variable]\nTrue\n',
          unnamed: '[] rc=1\n',
        },
      ],
    });
  });

  it('gather-facts-task: gather_facts as a task module (and ansible.builtin.gather_facts) runs setup with gather_subset', () => {
    bothEngines('gather-facts-task', {
      ended: 'ok',
      recap: [counts({ ok: 4, changed: 2 })],
      files: [{ facts: 'Debian True\n' }],
    });
  });
});
