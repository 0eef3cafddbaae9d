// Bundles the command line into dist/src/bin/ (the package's `bin`): one file
// for the entry and a chunk for each lazily loaded command, instead of ~290
// files (~200 of runbook's own, yaml's 73, commander's…) to resolve and load at
// every start: a no-op playbook took 165 ms unbundled, 108 ms bundled
// (bench/README.md). ssh2 (native parts) and what runbook loads lazily through
// createRequire (handlebars, semver, diff, tinyglobby, picomatch, @iarna/toml)
// stay in node_modules. Part of `npm run build`, after tsc and
// compile-validators. dist/src/bin/ sits beside dist/src/schema/ so that paths
// relative to import.meta.url (src/schema/precompiled.ts) hold in the bundle as
// in the module they came from.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/src/', import.meta.url));
rmSync(`${dist}bin`, { recursive: true, force: true });
buildSync({
  entryPoints: { main: `${dist}cli/main.js` },
  outdir: `${dist}bin`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ssh2', 'cpu-features'],
  chunkNames: '[name]-[hash]',
  // CommonJS dependencies bundled into ESM call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
console.log(`bundled the command line into ${dist}bin/main.js`);
