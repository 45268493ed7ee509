// Times generate() on a 256-pooler design in Node against native code, and prints the ratio.
// Not a test: run `node tests/js/bench.mjs [RUNS]` after scripts/npm.sh.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import api, { root, tempDir } from "./pkg.mjs";

const runs = Number(process.argv[2] ?? 10);
const design = structuredClone(api.examples()[0].design);
const template = design.pooler[0];
design.pooler = Array.from({ length: 256 }, (_, i) => ({ ...template, name: `pooler-${i + 1}`, host: `replica${i + 1}` }));
const file = join(tempDir(), "pooler-256.json");
writeFileSync(file, JSON.stringify(design));

const times = [];
let result;
for (let i = 0; i < runs + 2; i++) {
  const start = performance.now();
  result = api.generate(design);
  if (i >= 2) times.push(performance.now() - start); // two warm-up runs
}
times.sort((a, b) => a - b);
const node = times[Math.floor(times.length / 2)];
if (result.files.length === 0) throw new Error(JSON.stringify(result.diagnostics));
const lines = result.files.reduce((n, f) => n + f.lines.length, 0);
const bytes = result.files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);

const out = execFileSync("cargo", ["run", "--quiet", "--release", "--locked", "-p", "pgbr-wasm", "--example", "native_bench", "--", file, String(runs)], {
  cwd: root,
  encoding: "utf8",
});
const native = JSON.parse(out);
if (native.bytes !== bytes) throw new Error(`native wrote ${native.bytes} bytes, JS ${bytes}`);
console.log(`256 poolers: ${result.files.length} files, ${lines} lines, ${bytes} bytes`);
console.log(`generate() median of ${runs}: Node ${node.toFixed(1)} ms, native ${native.median_ms.toFixed(1)} ms, ratio ${(node / native.median_ms).toFixed(2)}x`);
