import { defineConfig } from 'tsup';

export default defineConfig({
  // `node`: the Node glue under the framework adapters (`@vaultkit/core/node`). It imports no
  // class from the engine at run time, so its CommonJS copy never duplicates `VaultError`.
  entry: { index: 'src/index.ts', node: 'src/node/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  treeshake: true,
  target: 'node20',
  sourcemap: true,
});
