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
 * Where a target stops on a deliberate difference of runbook's, not a missing feature: the exact
 * step, what Ansible does there and why runbook does otherwise. Two kinds:
 * - bad input refused at load, with file:line, before any host is touched, where Ansible fails the
 *   task at run time (the target's task has ignore_errors): a task with a missing or empty required
 *   argument can never do its job, and a run that stops half way on it is worse for an operator;
 * - console text alone: Ansible's verbose debugging lines (-vv), the callback's JSON dump of a
 *   result, or runbook's own report. runbook prints its own form there on purpose; the entry says
 *   what the target checks beyond it (found by running a copy of the target with that check removed).
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
  blocks:
    "runme.sh compares the count of 'TEST COMPLETE' with the '^N plays in main.yml' line ansible-playbook prints at " +
    "-vv (verbose debugging; runbook takes -vv as -v and prints no such line). The counts are ansible-playbook's " +
    "under both engines (2, 2, 2, 1). Beyond it, the *_rc.yml checks count 'Failure in always' and 'Failure in block' " +
    "lines: runbook's ROLLOUT STOPPED report repeats the failing message once more (exit code 2 and the tasks that " +
    "ran are ansible-playbook's); the first other stop is issue71306.yml (see NOT_YET_MATCHED)",
  meta_tasks:
    "runme.sh greps 'META: end_host conditional evaluated to False…' and 'META: ending play for testhost2', lines " +
    'ansible-playbook prints at -vv, and the \'"skip_reason"\' key of a -vv JSON dump. Beyond them every end_host, ' +
    'end_play and end_batch check passes under runbook; the first other stop is refresh.yml (see NOT_YET_MATCHED)',
  roles:
    "runme.sh counts lines '\"msg\": \"A\"' of debug's JSON result dump (runbook prints 'ok: [host] => A'). With the " +
    "count taken on runbook's line, no_dupes.yml, allowed_dupes.yml and data_integrity.yml pass; the first other " +
    'stop is no_outside.yml (see NOT_YET_MATCHED)',
  debug:
    "runme.sh greps '\"item\": 1', a key of debug's JSON result dump. Its other checks pass under runbook: the " +
    "'ok: [localhost] => (item=1)' lines, nosetfacts.yml and unsafe.yml",
  assert:
    "runme.sh diffs the whole default-callback output against recorded files: banners of 79 columns, assert's JSON " +
    "result with 'All assertions passed', a loop's result dump. runbook's plain output differs in all three on " +
    'purpose; both playbooks pass (exit 0) under runbook, with the recap ansible-playbook records',
};

/**
 * Where a target stops on a difference runbook has not matched yet (a refusal,
 * different tasks run, or text operators' scripts rely on), with the step and why it waits.
 */
export const NOT_YET_MATCHED: Readonly<Record<string, string>> = {
  wait_for:
    'tasks/main.yml:30 "setup remove a file after 3s" (`async: 20`, `poll: 0`): every wait in the target waits on ' +
    'a shell started in the background this way; runbook has no async/poll yet (a task runs to its end while the play ' +
    'waits)',
  handlers:
    'test_handlers_inexistent_notify.yml: runme.sh greps "ERROR! The requested handler \'…\' was not found…"; runbook ' +
    "says the same words as 'FILE:LINE:COL: error: …'. Printing Ansible's 'ERROR! ' first changes the error format of " +
    'every command (src/errors.ts formatError, src/cli/main.ts), which many tests and docs assert: left for a decision. ' +
    'Beyond it: ANSIBLE_ERROR_ON_MISSING_HANDLER=false (configuration runbook does not read); 58841.yml (templated ' +
    'handler names, the "is unusable" warning) then runs as ansible-playbook does',
  meta_tasks: 'refresh.yml: meta: refresh_inventory is refused (runbook reads the inventory once, before the run)',
  roles:
    'no_outside.yml: include_role with tasks_from: "{{ playbook_dir }}/tasks/dummy.yml" fails under both engines, but ' +
    "runbook does not render tasks_from (it looks for the template text in the role's tasks/) and its message lacks " +
    "Ansible's words 'as it is not inside the expected role path', which runme.sh greps",
  blocks:
    'issue71306.yml (-i host1,host2): both hosts are counted unreachable (\'when: ansible_host == "host1"\' failed ' +
    'before 2026-12-08: a task now sees ansible_host as the inventory name, as Ansible; not re-run since)',
  template:
    "template.yml: template's comment_start_string (and the other Jinja delimiter options) are refused by the " +
    "template module's schema (src/modules, another engineer's area)",
};
