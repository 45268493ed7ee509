// Shared by the tests: the built `--target web` package, loaded in Node with initSync, and the
// native CLI (target/debug/pgbr, under CARGO_TARGET_DIR when set) to compare it with. PGBR_PKG
// overrides the package folder.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const pkgDir = process.env.PGBR_PKG ?? join(root, "crates/pgbr-wasm/pkg-web");

const api = await import(pathToFileURL(join(pkgDir, "pgbr_wasm.js")).href);
api.initSync({ module: readFileSync(join(pkgDir, "pgbr_wasm_bg.wasm")) });
export default api;

const cli = join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "debug/pgbr");

/** Runs the native CLI; returns its stdout. */
export function pgbr(...args) {
  return execFileSync(cli, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs the native CLI whatever its exit code: { status, stdout, stderr }. */
export function pgbrRun(...args) {
  return spawnSync(cli, args, { encoding: "utf8" });
}

/** A diagnostic as the CLI prints it. */
export function diagnosticLine(d) {
  return d.path ? `${d.severity}: ${d.path}: ${d.message}` : `${d.severity}: ${d.message}`;
}

export function tempDir() {
  return mkdtempSync(join(tmpdir(), "pgbr-js-"));
}

/** Every file under `dir`: relative path → { bytes, mode }. */
export function readTree(dir, prefix = "") {
  const out = new Map();
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      for (const [k, v] of readTree(dir, rel)) out.set(k, v);
    } else {
      const full = join(dir, rel);
      out.set(rel, { bytes: readFileSync(full), mode: statSync(full).mode & 0o777 });
    }
  }
  return out;
}

/** The files `pgbr generate DESIGN --out DIR` writes. */
export function nativeFiles(designPath) {
  const dir = tempDir();
  pgbr("generate", designPath, "--out", dir);
  return readTree(dir);
}
