import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { project } from '../support/run.js';
import { noStackTrace, runbook } from './support.js';

// Addresses nothing listens on: validate never connects.
const inventory = 'all:\n  hosts:\n    web1: { ansible_host: 127.0.13.250 }\n';

describe('runbook validate runs no command and checks the files a script task names', () => {
  it("lookup('pipe', …) is not run (a task, a play variable, a loop): each is a value left for the run", () => {
    const dir = project({
      'hosts.yaml': inventory,
      'site.yaml':
        '- hosts: web1\n' +
        '  vars:\n' +
        "    stamp: \"{{ lookup('pipe', 'touch ' ~ playbook_dir ~ '/ran-from-vars; date') }}\"\n" +
        '  tasks:\n' +
        '    - name: pipe in the arguments\n' +
        "      debug: { msg: \"{{ lookup('pipe', 'touch ran-from-task; echo hi') }}\" }\n" +
        '    - name: pipe through a play variable\n' +
        '      debug: { msg: "{{ stamp }}" }\n' +
        '    - name: pipe in a loop\n' +
        '      debug: { msg: "{{ item }}" }\n' +
        "      loop: \"{{ query('pipe', 'touch ran-from-loop; echo a') }}\"\n" +
        '    - name: env is still read\n' +
        "      debug: { msg: \"{{ lookup('env', 'HOME') }}\" }\n",
    });
    const r = runbook(['validate', join(dir, 'site.yaml'), '-i', join(dir, 'hosts.yaml')]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    for (const f of ['ran-from-vars', 'ran-from-task', 'ran-from-loop'])
      expect(existsSync(join(dir, f)), f).to.equal(false);
    const site = join(dir, 'site.yaml');
    const pipe = "lookup('pipe'): a controller command, run only by apply";
    expect(r.stdout).to.contain(`${site}:5:7: task "pipe in the arguments": arguments (${pipe})`);
    expect(r.stdout).to.contain(`${site}:7:7: task "pipe through a play variable": arguments (${pipe})`);
    expect(r.stdout).to.contain(`${site}:9:7: task "pipe in a loop": loop (${pipe})`);
    expect(r.stdout).not.to.contain('env is still read');
    expect(r.stdout).to.match(/site\.yaml: OK \(1 play, 4 tasks, 0 template files; 3 values left for the run\)\n$/);
    noStackTrace(r.stdout + r.stderr);
  });

  it("a script task's file (and a uri src) missing from files/ is an error at the task's line; one there passes", () => {
    const dir = project({
      'hosts.yaml': inventory,
      'files/setup.sh': '#!/bin/sh\necho ok\n',
      'site.yaml':
        '- hosts: web1\n  tasks:\n' +
        '    - name: there\n      script: setup.sh --flag\n' +
        '    - name: not there\n      script: nowhere.sh --flag\n' +
        '    - name: not there, long form\n      script: { cmd: "\'gone script.sh\' a b", creates: /tmp/x }\n' +
        '    - name: uri src not there\n      uri: { url: "http://127.0.0.1:9/", method: POST, src: body.json }\n' +
        '    - name: uri src on the host\n      uri: { url: "http://127.0.0.1:9/", method: POST, src: /etc/x.json, remote_src: true }\n',
    });
    const site = join(dir, 'site.yaml');
    const r = runbook(['validate', site, '-i', join(dir, 'hosts.yaml')]);
    expect(r.code, r.stdout + r.stderr).to.equal(1);
    const errors = r.stdout.split('\n').filter((l) => l.includes(': error: '));
    expect(errors).to.have.length(3);
    expect(errors[0]).to.match(new RegExp(`^${site}:5:7: error: file "nowhere.sh" not found`));
    expect(errors[1]).to.match(new RegExp(`^${site}:7:7: error: file "gone script.sh" not found`));
    expect(errors[2]).to.match(new RegExp(`^${site}:9:7: error: file "body.json" not found`));
    noStackTrace(r.stdout + r.stderr);
  });
});
