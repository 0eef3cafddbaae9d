// By-hand lab: `npm run lab -- up [N]`, `status`, `down`, and `inventory` (prints only
// the inventory path, for scripts such as scripts/demo.sh).
// Lives in .lab/manual on 127.0.2.x so it never clashes with a test run's lab.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { labStatus, startLab, stopLab } from './lab.js';
import { labDir, MANUAL_LAB, repoRoot } from './paths.js';

const USAGE = 'usage: npm run lab -- up [HOSTS] | down | status | inventory';

async function main(argv: string[]): Promise<number> {
  const dir = labDir(MANUAL_LAB.dir);
  const [command, count] = argv;
  switch (command) {
    case 'up': {
      const hosts = Number(count ?? 3);
      const t0 = Date.now();
      const lab = await startLab({ hosts, dir, firstAddress: MANUAL_LAB.firstAddress, stopOnExit: false });
      const inv = relative(repoRoot(), lab.inventoryFile);
      console.log(`lab up: ${hosts} hosts in ${Date.now() - t0} ms`);
      for (const h of lab.hosts) console.log(`  ${h.name}  ${h.address}:${h.port}`);
      console.log(`inventory: ${lab.inventoryFile}`);
      if (lab.sudoUser) console.log(`sudo login: ${lab.sudoUser.name}, password: ${lab.sudoUser.password}`);
      console.log(
        `try:  ssh -i ${lab.keyFile} -o UserKnownHostsFile=${lab.knownHostsFile} root@${lab.hosts[0]?.address} hostname`,
      );
      console.log(`      node dist/src/bin/main.js apply PLAYBOOK -i ${inv}`);
      console.log('stop: npm run lab -- down');
      return 0;
    }
    case 'down':
      await stopLab(dir);
      console.log(`lab down: ${dir} removed`);
      return 0;
    case 'status': {
      const hosts = await labStatus(dir);
      if (!hosts) {
        console.log('no lab (npm run lab -- up 3)');
        return 0;
      }
      for (const { host, running } of hosts)
        console.log(`${host.name}  ${host.address}:${host.port}  ${running ? 'running' : 'DEAD'}`);
      return hosts.every((h) => h.running) ? 0 : 1;
    }
    case 'inventory': {
      const file = join(dir, 'inventory.yaml');
      if (!(await labStatus(dir)) || !existsSync(file)) {
        console.error('no lab is up (npm run lab -- up 3)');
        return 1;
      }
      console.log(file);
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
