// ansible.posix.synchronize (issue 21) under both engines: rsync from the controller to the
// host, from the host to the controller and on the host itself (delegate_to the host), as
// Kubespray's download role runs it; ansible-playbook 2.14 with ansible.posix gave the same.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: synchronize', function () {
  this.timeout(180_000);

  it('synchronize: push, push again ok, archive off with checksum, --check as dry-run, rsync_opts, pull, delegated to the host', () => {
    const dir = '/tmp/corpus/synchronize';
    bothEngines('synchronize', {
      ended: 'ok',
      recap: [counts({ ok: 15, changed: 12 })],
      files: [
        {
          'excluded/sub/b.txt': 'b\n',
          'from-host.txt': 'host node1\n',
          'local-copy/a.txt': 'a\n',
          'local-copy/sub/b.txt': 'b\n',
          'plain/tree/a.txt': 'a\n',
          'plain/tree/sub/b.txt': 'b\n',
          'pulled-back.txt': 'host node1\n',
          'pushed/a.txt': 'a\n',
          'pushed/sub/b.txt': 'b\n',
          report: [
            `push1 True 0 created directory ${dir}/pushed,cd+++++++++ ./,<f+++++++++ a.txt,cd+++++++++ sub/,<f+++++++++ sub/b.txt`,
            'push2 False 0 0',
            `plain True created directory ${dir}/plain,cd+++++++++ tree/,<f+++++++++ tree/a.txt,cd+++++++++ tree/sub/,` +
              '<f+++++++++ tree/sub/b.txt',
            `checked True created directory ${dir}/checked,cd+++++++++ ./,<f+++++++++ a.txt,cd+++++++++ sub/,` +
              '<f+++++++++ sub/b.txt True',
            `excluded True created directory ${dir}/excluded,cd+++++++++ ./,cd+++++++++ sub/,<f+++++++++ sub/b.txt`,
            'pull True >f+++++++++ from-host.txt False',
            `local True created directory ${dir}/local-copy,cd+++++++++ ./,>f+++++++++ a.txt,cd+++++++++ sub/,>f+++++++++ sub/b.txt`,
            '',
          ].join('\n'),
        },
      ],
    });
  });

  it('synchronize-diff: under --diff the result registers `diff: {prepared: <rsync lines>}`', () => {
    bothEngines(
      'synchronize-diff',
      {
        ended: 'ok',
        recap: [counts({ ok: 5, changed: 3 })],
        files: [{ 'one.txt': 'one\n', report: '{"prepared": "<f+++++++++ one.txt\\n"}\n' }],
      },
      { args: ['--diff'] },
    );
  });
});
