import { expect } from 'chai';
import { homedir } from 'node:os';
import { connectionVars } from '../../src/inventory/connection-vars.js';
import type { InventoryHost } from '../../src/types/inventory.js';
import type { Vars } from '../../src/types/vars.js';
import { runbookError } from '../parse/support.js';

// Every variable as if set in /srv/cluster/inventory/hosts.yaml.
const host = (vars: Vars): InventoryHost => ({
  name: 'node1',
  groups: ['all'],
  vars,
  origins: Object.fromEntries(Object.keys(vars).map((k) => [k, '/srv/cluster/inventory/hosts.yaml (group "all")'])),
  varDirs: Object.fromEntries(Object.keys(vars).map((k) => [k, '/srv/cluster/inventory'])),
});

describe('connectionVars', () => {
  it('says nothing the inventory does not say (ssh_config and the CLI fill the rest)', () => {
    expect(connectionVars(host({}))).to.deep.equal({});
  });

  it("reads Ansible's connection variables", () => {
    const cv = connectionVars(
      host({
        ansible_host: '95.54.0.12',
        ansible_port: 2222,
        ansible_user: 'core',
        ansible_ssh_private_key_file: '/keys/id_ed25519',
      }),
    );
    expect(cv).to.deep.equal({ address: '95.54.0.12', port: 2222, user: 'core', privateKeyPath: '/keys/id_ed25519' });
  });

  it("reads runbook's short names, which win over Ansible's", () => {
    const cv = connectionVars(
      host({
        ssh_host: '10.0.0.5',
        ansible_host: '95.54.0.12',
        ssh_port: '2200',
        ssh_user: 'admin',
        ssh_key: 'keys/id',
      }),
    );
    expect(cv).to.deep.equal({
      address: '10.0.0.5',
      port: 2200,
      user: 'admin',
      privateKeyPath: '/srv/cluster/inventory/keys/id',
    });
  });

  it('resolves relative key and known_hosts paths against the inventory directory, ~ against home', () => {
    const cv = connectionVars(
      host({ ansible_ssh_private_key_file: '../id_rsa', runbook_known_hosts_file: '~/.ssh/lab_known_hosts' }),
    );
    expect(cv.privateKeyPath).to.equal('/srv/cluster/id_rsa');
    expect(cv.knownHostsFile).to.equal(`${homedir()}/.ssh/lab_known_hosts`);
  });

  it('reads the host key policy, also as a boolean', () => {
    expect(connectionVars(host({ runbook_host_key_checking: 'accept-new' })).hostKeyPolicy).to.equal('accept-new');
    expect(connectionVars(host({ runbook_host_key_checking: false })).hostKeyPolicy).to.equal('off');
  });

  it('refuses an invalid port, naming the host and the variable', () => {
    const err = runbookError(() => connectionVars(host({ ansible_port: 'ssh' })));
    expect(err.code).to.equal('inventory');
    expect(err.message).to.equal('host "node1": ansible_port must be a port number from 1 to 65535, got "ssh"');
    expect(runbookError(() => connectionVars(host({ ssh_port: 70000 }))).message).to.match(
      /ssh_port must be a port number/,
    );
  });

  it('refuses an unknown host key policy', () => {
    const err = runbookError(() => connectionVars(host({ runbook_host_key_checking: 'yes' })));
    expect(err.message).to.equal(
      'host "node1": runbook_host_key_checking must be strict, accept-new or off, got "yes"',
    );
  });
});

describe('connectionVars: ansible_connection', () => {
  it('is local for ansible_connection: local, says nothing for ssh, and refuses what runbook cannot do', () => {
    expect(connectionVars(host({ ansible_connection: 'local' })).connection).to.equal('local');
    expect(connectionVars(host({ ansible_connection: 'ssh' }))).to.deep.equal({});
    expect(() => connectionVars(host({ ansible_connection: 'winrm' }))).to.throw(
      'ansible_connection must be ssh or local, got "winrm"',
    );
  });
});
