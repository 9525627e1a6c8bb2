import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  treeshake: true,
  target: 'node20',
  sourcemap: true,
  // Peers: the suites must run on the app's own vitest and core, never a bundled copy.
  external: ['vitest', '@vaultkit/core'],
});
