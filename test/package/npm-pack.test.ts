import { expect } from 'chai';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  // Not what `npm test` passes down about its own run (its prefix, the package it runs): the
  // install must go to our prefix. A registry or cache set in the environment stays.
  const own = /^npm_(config_(prefix|global|location|local_prefix)$|lifecycle_|package_|command$)/i;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !own.test(k)));
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...env, NO_COLOR: '1' }, timeout: 240_000 });
}

const ok = (r: SpawnSyncReturns<string>, what: string) =>
  expect(r.status, `${what}: ${r.stderr}${r.stdout}`).to.equal(0);

describe('npm pack: the tarball installs as a CLI (npm install -g) and runs without the dev dependencies', function () {
  this.timeout(300_000);
  let tmp: string;
  let files: string[];
  let prefix: string;

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'runbook-pack-'));
    const packed = run('npm', ['pack', '--json', '--pack-destination', tmp], repo);
    ok(packed, 'npm pack');
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    files = info!.files.map((f) => f.path);
    prefix = join(tmp, 'prefix');
    // The runtime dependencies come from npm's cache when it has them (npm ci filled it), else the registry.
    const installed = run(
      'npm',
      ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(tmp, info!.filename)],
      tmp,
    );
    ok(installed, 'npm install -g');
  });

  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('holds what a run needs, and nothing of the tests', () => {
    for (const f of [
      'dist/src/bin/main.js',
      'dist/src/cli/main.js',
      'playbooks/containerd.yaml',
      'playbooks/containerd/migrate-node.yaml',
      'templates/crictl.yaml.hbs',
      'schemas/playbook.schema.json',
      'schemas/inventory.schema.json',
      'inventory.example.yaml',
      'README.md',
      'docs/ansible-compatibility.md',
      'docs/conditions.md',
      'package.json',
    ]) {
      expect(files, f).to.include(f);
    }
    expect(files.filter((f) => /^(test|dist\/test|bench|dist\/bench|\.lab|scripts)\//.test(f))).to.deep.equal([]);
    // The validators npm run build compiles (a run without them compiles each schema at start).
    expect(files.filter((f) => f.startsWith('dist/src/schema/precompiled/')).length).to.be.greaterThan(50);
  });

  it('installs the runtime dependencies and no dev dependency', () => {
    const modules = join(prefix, 'lib', 'node_modules', pkg.name, 'node_modules');
    for (const dep of Object.keys(pkg.dependencies)) expect(existsSync(join(modules, dep)), dep).to.equal(true);
    for (const dep of Object.keys(pkg.devDependencies))
      expect(existsSync(join(modules, dep)), `dev dependency ${dep}`).to.equal(false);
  });

  it('runbook --version, --help and validate of the packaged containerd playbook work from the installed bin', () => {
    const bin = join(prefix, 'bin', 'runbook');
    const version = run(bin, ['--version'], tmp);
    ok(version, '--version');
    expect(version.stdout.trim()).to.equal(pkg.version);
    const help = run(bin, ['--help'], tmp);
    ok(help, '--help');
    for (const cmd of ['apply', 'validate', 'ping', 'inventory'])
      expect(help.stdout).to.match(new RegExp(`^ {2}${cmd} `, 'm'));
    const installed = join(prefix, 'lib', 'node_modules', pkg.name);
    const validate = run(
      bin,
      ['validate', join(installed, 'playbooks', 'containerd.yaml'), '-i', join(installed, 'inventory.example.yaml')],
      tmp,
    );
    ok(validate, 'validate');
    expect(validate.stderr).to.equal('');
    expect(validate.stdout).to.match(/containerd\.yaml: OK \(3 plays/);
  });
});
