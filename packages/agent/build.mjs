// Bundles the CLI into one file a board runs with a bare `node` (>= 18): every dependency inlined, the
// native snappy addon swapped for the pure-JS implementation in src/build/snappy-js.ts.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
// An explicit output path lets the bundle test build into a temporary directory.
const outfile = process.argv[2] ?? here("./dist/boardwatch-agent.mjs");

const result = await build({
  entryPoints: [here("./src/cli/bin.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node18",
  format: "esm",
  minify: true,
  legalComments: "eof",
  alias: { snappy: here("./src/build/snappy-js.ts") },
  // CommonJS dependencies (protobufjs, snappyjs) call require(); an ES module bundle has to provide it.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __bwCreateRequire } from 'node:module';\nconst require = __bwCreateRequire(import.meta.url);" },
  metafile: true,
  logLevel: "warning",
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`${outfile}: ${(bytes / 1024).toFixed(0)} KiB`);
