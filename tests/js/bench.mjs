// Times generate() on a 256-pooler design in Node against native code, and prints the ratios.
// generate() hands each file's content and lines over when they are first read, so three
// figures: the call alone, the call and every file's content (the native side's work: generate
// and render every file), and the call and every file's content and lines.
// Not a test: run `node --expose-gc tests/js/bench.mjs [RUNS]` after scripts/npm.sh.
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

// Median over `runs` (after two warm-up runs) of generate() followed by `read`. Between runs the
// event loop turns, as it would between a program's calls, so a result's generation, kept in
// wasm memory until its files are read or it is collected, is given back (js/lazy.js).
async function time(read) {
  const times = [];
  let result;
  for (let i = 0; i < runs + 2; i++) {
    result = null;
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const start = performance.now();
    result = api.generate(design);
    read(result);
    if (i >= 2) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return [times[Math.floor(times.length / 2)], result];
}
const [call] = await time(() => {});
const [node] = await time((r) => r.files.forEach((f) => f.content));
const [all, result] = await time((r) => r.files.forEach((f) => f.lines && f.content));
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
const ratio = (ms) => `${ms.toFixed(1)} ms (${(ms / native.median_ms).toFixed(2)}x)`;
console.log(`native generate + every file's text, median of ${runs}: ${native.median_ms.toFixed(1)} ms`);
console.log(`Node, generate() alone: ${ratio(call)}; reading every file's content: ${ratio(node)}; content and lines: ${ratio(all)}`);
