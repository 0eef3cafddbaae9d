// A file that includes itself is stopped at a depth no real playbook reaches
// (100; ansible-core 2.14 has no limit: it ran 246 levels in 50 s and ended
// with "Exceeded maximum object depth … maximum recursion depth exceeded"),
// naming the chain; a recursion that ends before that runs to its end.
import { expect } from 'chai';
import { hostNames, runYaml, type Recorded } from '../support/run.js';

const counted = (run: Recorded) =>
  run.events.filter((e) => e.kind === 'task-result' && e.task === 'count' && e.result.status === 'ok').length;

const selfInclude = (until: string) => ({
  'level.yaml': `
- name: count
  set_fact: { depth: "{{ depth | int + 1 }}" }
- name: deeper
  include_tasks: level.yaml
  when: ${until}
`,
});

describe('include depth', () => {
  const host = () => hostNames()[0]!;
  const play = () => `
- hosts: ${host()}
  gather_facts: false
  vars: { depth: 0 }
  tasks:
    - name: start
      include_tasks: level.yaml
    - name: after
      debug: { msg: "depth {{ depth }}" }
`;

  it('a self-include that ends at 40 levels runs every level', async () => {
    const run = await runYaml(play(), { files: selfInclude('depth | int < 40') });
    expect(run.task('after').get(host())?.data.debug).to.equal('depth 40');
    expect(counted(run)).to.equal(40);
    expect(run.recap.get(host())).to.include({ failed: 0 });
  });

  it('one without an end fails at 100 levels, naming the chain, after running 100', async () => {
    const run = await runYaml(play(), { files: selfInclude('true') });
    const failed = run.results.filter((r) => r.status === 'failed');
    expect(failed).to.have.length(1);
    expect(failed[0]!.msg).to.match(
      new RegExp(
        String.raw`level\.yaml:4:\d+: error: includes nest more than 100 deep: playbook\.yaml:6 → level\.yaml:4 → ` +
          String.raw`level\.yaml:4 → … 96 more … → level\.yaml:4 → level\.yaml:4 → level\.yaml$`,
        'm',
      ),
    );
    expect(counted(run)).to.equal(100);
    expect(run.task('after').size).to.equal(0);
    expect(run.recap.get(host())).to.include({ failed: 1 });
  });
});
