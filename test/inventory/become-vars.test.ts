import { expect } from 'chai';
import { becomeVars } from '../../src/inventory/become-vars.js';
import type { InventoryHost } from '../../src/types/inventory.js';
import type { Vars } from '../../src/types/vars.js';
import { runbookError } from '../parse/support.js';

const host = (vars: Vars): InventoryHost => ({ name: 'node1', groups: ['all'], vars, origins: {}, varDirs: {} });

const failure = (vars: Vars) => runbookError(() => becomeVars(host(vars)));

describe('becomeVars (ansible_become* in the inventory)', () => {
  it('says nothing when the inventory says nothing', () => {
    expect(becomeVars(host({ ansible_user: 'deploy' }))).to.deep.equal({});
  });

  it('reads ansible_become, ansible_become_user and the password; ansible_become_password wins over ansible_become_pass', () => {
    expect(
      becomeVars(
        host({
          ansible_become: true,
          ansible_become_user: 'app',
          ansible_become_password: 'a',
          ansible_become_pass: 'b',
        }),
      ),
    ).to.deep.equal({
      become: true,
      user: 'app',
      password: 'a',
    });
    expect(becomeVars(host({ ansible_become_pass: 'b', ansible_become_method: 'sudo' }))).to.deep.equal({
      password: 'b',
    });
  });

  it('takes yes/no/true/false strings as booleans (YAML 1.2 reads yes as a string)', () => {
    expect(becomeVars(host({ ansible_become: 'yes' })).become).to.equal(true);
    expect(becomeVars(host({ ansible_become: 'False' })).become).to.equal(false);
    expect(failure({ ansible_become: 'sometimes' }).message).to.equal(
      'host "node1": ansible_become must be true or false, got "sometimes"',
    );
  });

  it('refuses a password that is not a plain string, without quoting it', () => {
    for (const [value, why] of [
      [123456, 'must be a non-empty string (got a number)'],
      ['{{ vault_sudo }}', 'is a template'],
      ['two\nlines', 'holds a line break'],
      ['', 'must be a non-empty string'],
    ] as const) {
      const err = failure({ ansible_become_password: value });
      expect(err.code).to.equal('inventory');
      expect(err.message).to.contain(`host "node1": ansible_become_password ${why}`);
      if (value !== '') expect(`${err.message} ${err.hint}`).not.to.contain(String(value));
    }
  });

  it('refuses a become method other than sudo', () => {
    expect(failure({ ansible_become_method: 'su' }).message).to.equal(
      'host "node1": ansible_become_method is "su", but runbook becomes only through sudo',
    );
  });
});
