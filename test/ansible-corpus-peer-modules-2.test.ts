// More of what ansible-core 2.14's own module targets (test/peer) stopped on, as a corpus case:
// runbook and ansible-playbook 2.14 on the same lab host must leave the same recap and files.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: more module arguments the peer targets use', function () {
  this.timeout(180_000);

  it('peer-module-args-2: a line with a newline, command --check, strip_empty_ends, chdir, mode preserve, ssh keys, exclude, keep_newer, _diff_peek', () => {
    bothEngines('peer-module-args-2', {
      ended: 'ok',
      recap: [counts({ ok: 24, changed: 20, skipped: 1, ignored: 1 })],
      files: [
        {
          conf: 'x\na\nb\na\nb\n',
          tool: 'tool\n',
          'unpacked/tool': 'newer\n',
          report: [
            'nl True line added True line added',
            'ck True Command would have run if not in check mode True Command would have run if not in check mode',
            'kept "a \\n\\r\\n"',
            "nochdir True Unable to change directory before execution: [Errno 2] No such file or directory: b'/tmp/corpus/peer-module-args-2/nope'",
            'tool 0751',
            'key True False /home/corpuspeer2/.ssh/k True True ansible-generated',
            'peek False False',
            '',
          ].join('\n'),
        },
      ],
    });
  });
});
