import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  treeshake: true,
  target: 'node20',
  sourcemap: true,
  // Peers: the app's own framework and core instance, never a bundled copy.
  external: ['fastify', 'fastify-plugin', '@vaultkit/core'],
});
