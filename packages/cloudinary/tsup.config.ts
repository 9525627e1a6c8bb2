import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  treeshake: true,
  target: "node20",
  sourcemap: true,
  // Peers and the SDK: the app's own instances, never a bundled copy.
  external: ["@vaultkit/core","cloudinary"],
});
