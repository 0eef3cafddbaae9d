// The ansible-core 2.14 integration targets runbook is measured on (issue 28, item 7):
// the playbook-language targets of the features runbook claims, and the targets of
// the modules it has or is adding. Each entry says how ansible-test runs it.

export interface PeerTarget {
  name: string;
  /**
   * `script`: the target's own runme.sh, with `ansible-playbook` on PATH being the
   * engine under test. `role`: the target is a role, run as ansible-test runs it
   * (a play on `testhost` with gather_facts and the role).
   */
  kind: 'script' | 'role';
}

const script = (name: string): PeerTarget => ({ name, kind: 'script' });
const role = (name: string): PeerTarget => ({ name, kind: 'role' });

export const PEER_TARGETS: readonly PeerTarget[] = [
  // The playbook language.
  script('any_errors_fatal'),
  script('blocks'),
  script('handlers'),
  script('include_import'),
  script('tags'),
  script('meta_tasks'),
  script('check_mode'),
  script('roles'),
  script('var_precedence'),
  script('set_fact'),
  script('debug'),
  script('assert'),
  script('template'),
  role('loops'),
  role('lookup_first_found'),
  script('lookup_fileglob'),
  role('lookup_template'),
  // Fails under ansible-playbook too: its first task copies to {{output_dir}}, a directory on the
  // controller that this harness does not create on the lab host (ansible-test's testhost is the controller).
  role('lookup_file'),
  script('lookup_env'),
  role('lookup_pipe'),
  role('lookup_vars'),
  role('lookup_varnames'),
  role('lookup_dict'),
  script('omit'),
  // Modules.
  role('file'),
  role('copy'),
  role('lineinfile'),
  role('blockinfile'),
  role('replace'),
  role('stat'),
  role('slurp'),
  role('tempfile'),
  role('command_shell'),
  role('unarchive'),
  role('systemd'),
  role('wait_for'),
  role('find'),
  script('fetch'),
  role('getent'),
  role('group'),
  role('user'),
  role('service_facts'),
  role('package_facts'),
  role('apt_repository'),
];

/**
 * Not run by default, with the reason as read from the target's aliases and tasks
 * (not yet measured here); each can still be named on the command line.
 */
export const OUT_OF_SCOPE: Readonly<Record<string, string>> = {
  get_url:
    "needs ansible-test's httptester container (TLS sites on the internet); runbook's get_url is tested against a lab HTTP server",
  uri: "needs ansible-test's httptester container, as get_url",
  apt: "installs and removes packages from Debian's online archive; the lab has no network",
  package: 'installs packages from the online archive, as apt',
  dnf: 'needs a Fedora/RHEL host; the lab hosts are Debian',
  yum_repository: 'its target runs only on RHEL-family hosts (skips itself on Debian)',
  hostname: 'changes the host name through systemd-hostnamed (hostnamectl), which the lab hosts do not run',
  service: 'installs a service into the init system; the lab hosts have no init (systemd is a stand-in)',
  delegate_to: 'needs several network interfaces configured as root (macOS/FreeBSD only in ansible-test)',
  gathering_facts:
    'exercises fact caching plugins and collection facts modules runbook does not have (no plugins by design)',
  lookup_password:
    "its runme.sh sources ansible-test's virtualenv.sh and pip-installs passlib for encrypt=, which runbook refuses " +
    "(runbook's password lookup: test/ansible-corpus/lookup-password)",
  apt_key:
    'fetches keys from keyserver.ubuntu.com, keys.gnupg.net and ci-files.testing.ansible.com; the lab has no network ' +
    "(runbook's apt_key is tested with keys served by the lab: test/modules/apt-key.test.ts)",
  pause: 'drives an interactive terminal through pexpect (setup_pexpect), a Python package not installed here',
};

/**
 * Targets of the list that cannot pass here, for a reason outside runbook (read in the
 * target, and checked by running it): the first such step, and why.
 */
export const CANNOT_PASS_HERE: Readonly<Record<string, string>> = {
  include_import:
    'playbook/test_import_playbook.yml imports sub_playbook/sub_playbook.yml, which runs helloworld, a Python module ' +
    "in the target's library/ (ansible/ansible#59548); runbook has no Python modules by design",
  template:
    'filter_plugins.yml runs role_filter, whose filter comes from a Python filter plugin ' +
    '(role_filter/filter_plugins/myplugin.py); runbook has no plugins by design',
  set_fact:
    'runme.sh runs set_fact_cached_1.yml then set_fact_cached_2.yml with ANSIBLE_CACHE_PLUGIN=jsonfile: the second ' +
    "reads a cacheable set_fact from the first run's fact cache; runbook keeps no facts between runs by design",
};

/**
 * Targets that stop on a deliberate difference of runbook's (not a missing feature): the exact step,
 * what Ansible does there and why runbook does otherwise. runbook refuses bad input at load, with
 * file:line, before any host is touched; these targets test that Ansible fails the same input at
 * run time (each such task has ignore_errors), so the whole target is refused. The refusal is kept:
 * a task with a missing or empty required argument can never do its job, and a run that stops half
 * way on it is worse for an operator than one refused up front.
 */
export const DELIBERATE_DIFFERENCES: Readonly<Record<string, string>> = {
  slurp:
    'tasks/main.yml:57 "test slurp with missing argument" (`action: slurp`, no src): Ansible fails the task at run ' +
    'time; runbook refuses the playbook at load (missing required argument "src" in slurp)',
  fetch:
    'roles/fetch_tests/tasks/failures.yml:2 "Fetch with no parameters" (and :6, src: [1, 2]): Ansible fails them at ' +
    'run time ("src and dest are required", "Invalid type supplied for source"); runbook refuses the playbook at load',
  apt_repository:
    'tasks/apt.yml:233 "Test apt_repository with a null value for repo" (`repo:` empty): Ansible fails it at run time ' +
    '("Please set argument \'repo\' to a non-empty value"); runbook refuses the playbook at load. Under Ansible the ' +
    'target passes here only because its tasks run on Ubuntu alone and the lab hosts are Debian (all skipped)',
  wait_for:
    'tasks/main.yml:30 "setup remove a file after 3s" (`async: 20`, `poll: 0`): every wait in the target waits on ' +
    'a shell started in the background this way; runbook has no async/poll (a task runs to its end while the play ' +
    'waits), an engine keyword outside the module work of issue 21',
};
