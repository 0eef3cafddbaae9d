import { expect } from 'chai';
import { homedir } from 'node:os';
import { connectionVars } from '../../src/inventory/connection-vars.js';
import type { InventoryHost } from '../../src/types/inventory.js';
import type { Vars } from '../../src/types/vars.js';
import { runbookError } from '../parse/support.js';

const host = (vars: Vars): InventoryHost => ({ name: 'node1', groups: ['all'], vars });
const INVENTORY = '/srv/cluster/inventory/hosts.yaml';

describe('connectionVars', () => {
  it('defaults to the host name, port 22 and root', () => {
    expect(connectionVars(host({}), INVENTORY)).to.deep.equal({ connection: 'ssh', address: 'node1', port: 22, user: 'root' });
  });

  it('reads Ansible\'s connection variables', () => {
    const cv = connectionVars(
      host({ ansible_host: '95.54.0.12', ansible_port: 2222, ansible_user: 'core', ansible_ssh_private_key_file: '/keys/id_ed25519' }),
      INVENTORY,
    );
    expect(cv).to.deep.equal({ connection: 'ssh', address: '95.54.0.12', port: 2222, user: 'core', privateKeyPath: '/keys/id_ed25519' });
  });

  it('reads runbook\'s short names, which win over Ansible\'s', () => {
    const cv = connectionVars(host({ ssh_host: '10.0.0.5', ansible_host: '95.54.0.12', ssh_port: '2200', ssh_user: 'admin', ssh_key: 'keys/id' }), INVENTORY);
    expect(cv).to.deep.equal({ connection: 'ssh', address: '10.0.0.5', port: 2200, user: 'admin', privateKeyPath: '/srv/cluster/inventory/keys/id' });
  });

  it('resolves relative key and known_hosts paths against the inventory directory, ~ against home', () => {
    const cv = connectionVars(host({ ansible_ssh_private_key_file: '../id_rsa', runbook_known_hosts_file: '~/.ssh/lab_known_hosts' }), INVENTORY);
    expect(cv.privateKeyPath).to.equal('/srv/cluster/id_rsa');
    expect(cv.knownHostsFile).to.equal(`${homedir()}/.ssh/lab_known_hosts`);
  });

  it('reads the host key policy, also as a boolean', () => {
    expect(connectionVars(host({ runbook_host_key_checking: 'accept-new' }), INVENTORY).hostKeyPolicy).to.equal('accept-new');
    expect(connectionVars(host({ runbook_host_key_checking: false }), INVENTORY).hostKeyPolicy).to.equal('off');
  });

  it('refuses an invalid port, naming the host and the variable', () => {
    const err = runbookError(() => connectionVars(host({ ansible_port: 'ssh' }), INVENTORY));
    expect(err.code).to.equal('inventory');
    expect(err.message).to.equal('host "node1": ansible_port must be a port number from 1 to 65535, got "ssh"');
    expect(runbookError(() => connectionVars(host({ ssh_port: 70000 }), INVENTORY)).message).to.match(/ssh_port must be a port number/);
  });

  it('refuses an unknown host key policy', () => {
    const err = runbookError(() => connectionVars(host({ runbook_host_key_checking: 'yes' }), INVENTORY));
    expect(err.message).to.equal('host "node1": runbook_host_key_checking must be strict, accept-new or off, got "yes"');
  });
});

describe('connectionVars: ansible_connection', () => {
  const INV = '/srv/cluster/inventory/hosts.yaml';
  const h = (vars: Record<string, unknown>) => ({ name: 'ctl', groups: ['all'], vars }) as never;

  it('is local for ansible_connection: local, ssh otherwise, and refuses what runbook cannot do', () => {
    expect(connectionVars(h({ ansible_connection: 'local' }), INV).connection).to.equal('local');
    expect(connectionVars(h({ ansible_connection: 'ssh' }), INV).connection).to.equal('ssh');
    expect(() => connectionVars(h({ ansible_connection: 'winrm' }), INV)).to.throw('host "ctl": ansible_connection must be ssh or local, got "winrm"');
  });
});
