// Every module runbook knows, by name. Adding a module = one file + one line here.
import type { ModuleCatalog } from '../types/module-catalog.js';
import { command } from './command.js';
import type { ModuleDef } from './contract.js';
import { assert } from './assert.js';
import { blockinfile } from './blockinfile.js';
import { copy } from './copy.js';
import { debug } from './debug.js';
import { dockerInfo } from './docker-info.js';
import { envFile } from './env-file.js';
import { fail } from './fail.js';
import { file } from './file.js';
import { getUrl } from './get-url.js';
import { iniFile } from './ini-file.js';
import { k8sNode } from './k8s-node.js';
import { kubeletFlags } from './kubelet-flags.js';
import { kubeletInfo } from './kubelet-info.js';
import { lineinfile } from './lineinfile.js';
import { meta } from './meta.js';
import { packageModule } from './package.js';
import { replace } from './replace.js';
import { setFact } from './set-fact.js';
import { setup } from './setup.js';
import { shell } from './shell.js';
import { slurp } from './slurp.js';
import { stat } from './stat.js';
import { systemd } from './systemd.js';
import { tempfile } from './tempfile.js';
import { template } from './template.js';
import { toml } from './toml.js';
import { unarchive } from './unarchive.js';
import { waitFor } from './wait-for.js';
import { aptModule } from './apt.js';
import { aptKey } from './apt-key.js';
import { aptRepository } from './apt-repository.js';
import { deb822Repository } from './deb822-repository.js';
import { packageFacts } from './package-facts.js';
import { uri } from './uri.js';
import { yumRepository } from './yum-repository.js';
import { containerdImagesFromDocker } from './containerd-images-from-docker.js';
import { criPodsReady } from './cri-pods-ready.js';
import { k8sClusterInfo } from './k8s-cluster-info.js';
import { restoreBackups } from './restore-backups.js';
import { fetch } from './fetch.js';
import { find } from './find.js';
import { sysctl } from './sysctl.js';
import { modprobe } from './modprobe.js';
import { user } from './user.js';
import { group } from './group.js';
import { mount } from './mount.js';
import { hostname } from './hostname.js';
import { getent } from './getent.js';
import { pause } from './pause.js';
import { serviceFacts } from './service-facts.js';
import { reboot } from './reboot.js';
import { timezone } from './timezone.js';
import { selinux } from './selinux.js';
import { script } from './script.js';
import { dnf } from './dnf.js';
import { synchronize } from './synchronize.js';
import { ping } from './ping.js';

// Engine-facing modules (set_fact, debug, assert, fail, meta, setup) after the host-changing ones.
const all: ModuleDef<never>[] = [
  command,
  shell,
  copy,
  template,
  file,
  lineinfile,
  envFile,
  toml,
  kubeletFlags,
  systemd,
  packageModule,
  getUrl,
  unarchive,
  waitFor,
  stat,
  slurp,
  tempfile,
  blockinfile,
  replace,
  iniFile,
  k8sNode,
  kubeletInfo,
  dockerInfo,
  aptModule,
  aptKey,
  aptRepository,
  deb822Repository,
  packageFacts,
  uri,
  yumRepository,
  containerdImagesFromDocker,
  criPodsReady,
  k8sClusterInfo,
  restoreBackups,
  fetch,
  find,
  sysctl,
  modprobe,
  user,
  group,
  mount,
  hostname,
  getent,
  pause,
  serviceFacts,
  reboot,
  timezone,
  selinux,
  setFact,
  debug,
  assert,
  fail,
  meta,
  setup,
  script,
  dnf,
  synchronize,
  ping,
] as ModuleDef<never>[];

export const modules: ReadonlyMap<string, ModuleDef<Record<string, unknown>>> = new Map(
  all.map((m) => [m.name, m as unknown as ModuleDef<Record<string, unknown>>]),
);

/** What the playbook parser, validate and the editor schemas need: schemas, free-form argument names, summaries, controller files. */
export const moduleCatalog: ModuleCatalog = new Map(
  [...modules.values()].map((m) => [
    m.name,
    {
      schema: m.schema,
      freeForm: m.freeForm,
      summary: m.summary,
      controllerSource: m.controllerSource,
      setsVariables: m.setsVariables,
      templatedKeys: m.templatedKeys,
    },
  ]),
);
