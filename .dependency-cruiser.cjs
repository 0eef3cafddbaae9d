// The one-way imports of STYLE.md, checked on every test run.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'modules-stay-below-engine',
      comment: 'Modules see hosts only through the Connection interface.',
      severity: 'error',
      from: { path: '^src/(modules|facts)/' },
      to: { path: ['^src/(engine|cli|report)/', '^src/transport/ssh', 'node_modules/ssh2/'] },
    },
    {
      name: 'engine-never-prints',
      comment: 'The engine emits events; only reporters print.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: ['^src/(report|cli)/', '^src/transport/ssh', 'node_modules/(listr2|ssh2)/'] },
    },
    {
      name: 'reporters-consume-events-only',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: '^src/', pathNot: ['^src/engine/events\\.ts$', '^src/modules/contract\\.ts$', '^src/report/', '^src/errors\\.ts$'] },
    },
    {
      name: 'record-keeps-runs-only',
      comment: 'The run record (src/record) stores and reads event lines: it knows events and reporters, not how runs run (the event-line validator is precompiled, src/schema/precompiled.ts).',
      severity: 'error',
      from: { path: '^src/record/' },
      to: { path: '^src/', pathNot: ['^src/engine/events\\.ts$', '^src/modules/contract\\.ts$', '^src/report/', '^src/record/', '^src/errors\\.ts$', '^src/schema/precompiled\\.ts$', '^src/make-dirs\\.ts$'] },
    },
    {
      name: 'only-cli-uses-the-record',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', '^src/record/'] },
      to: { path: '^src/record/' },
    },
    {
      name: 'inputs-below-engine',
      comment: 'parse, inventory, vars, schema and plan know nothing of running.',
      severity: 'error',
      from: { path: '^src/(parse|inventory|vars|schema|plan|types)/' },
      to: { path: '^src/(engine|cli|report|modules|transport)/' },
    },
    {
      name: 'only-cli-builds-transports',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', '^src/transport/'] },
      to: { path: '^src/transport/ssh' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
