import { expect } from 'chai';
import { join } from 'node:path';
import { loadPlaybook } from '../../src/parse/playbook.js';
import type { BlockTask, ModuleTask } from '../../src/types/playbook.js';
import { runbookError, tempFiles, testModules } from './support.js';

const loadText = (text: string) => loadPlaybook(join(tempFiles({ 'p.yaml': text }), 'p.yaml'), testModules);

describe('become as a play keyword', () => {
  it('is kept on the play; tasks and blocks that do not say leave it undefined, so the play decides', () => {
    const [play] = loadText(`
- hosts: all
  become: true
  become_user: app
  tasks:
    - command: id
    - command: id
      become: false
    - block:
        - command: id
      become_user: root
`).plays;
    expect(play).to.include({ become: true, becomeUser: 'app' });
    const [plain, off, block] = play!.tasks as [ModuleTask, ModuleTask, BlockTask];
    expect(plain.become).to.equal(undefined);
    expect(off.become).to.equal(false);
    expect((block.block[0] as ModuleTask).becomeUser).to.equal('root');
  });

  it('must be a boolean, with the line of the mistake', () => {
    const err = runbookError(() => loadText('- hosts: all\n  become: "sometimes"\n  tasks: []\n'));
    expect(err.source?.line).to.equal(2);
    expect(err.message).to.match(/become/);
  });
});
