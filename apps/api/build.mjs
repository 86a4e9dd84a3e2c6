// Bundles the API into dist/: our TypeScript (and the workspace packages it imports) is compiled in; npm
// dependencies stay external and load from node_modules, so native modules and .wasm files resolve as usual.
import { build } from 'esbuild';

const keepExternal = {
  name: 'external-npm-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@recurrence/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

await build({
  entryPoints: { server: 'src/server.ts', 'lab-worker': 'src/lab/worker.ts', 'lab-training-worker': 'src/lab/training-worker.ts', 'lab-queue-worker': 'src/lab-queue-worker.ts', 'compute-worker': 'src/compute/worker.ts', 'password-worker': 'src/compute/password-worker.ts', migrate: 'src/migrate.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [keepExternal],
});
