// Same design, same bytes: every example's files and zip from the JS API equal the native CLI's.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import api, { diagnosticLine, nativeFiles, pgbr, pgbrRun, root, tempDir } from "./pkg.mjs";

const examples = api.examples();

test("the examples are the shipped design files", () => {
  assert.ok(examples.length >= 3);
  assert.equal(examples[0].file, "multigres-three-poolers.toml");
  for (const e of examples) {
    assert.equal(e.toml, readFileSync(join(root, "examples", e.file), "utf8"));
  }
});

function assertSameFiles(result, native, label) {
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === "error"), [], label);
  assert.deepEqual(result.files.map((f) => f.path).sort(), [...native.keys()].sort(), `${label}: the same file names`);
  for (const file of result.files) {
    const want = native.get(file.path);
    assert.ok(Buffer.from(file.content, "utf8").equals(want.bytes), `${label}: ${file.path} differs from pgbr generate`);
    assert.equal(file.mode, want.mode, `${label}: ${file.path} mode`);
    assert.equal(file.lines.map((l) => `${l.text}\n`).join(""), file.content, `${label}: ${file.path} lines`);
  }
}

for (const example of examples) {
  const designPath = join(root, "examples", example.file);

  test(`${example.file}: generate() gives pgbr generate's files, byte for byte`, () => {
    const native = nativeFiles(designPath);
    assert.ok(native.size > 0);
    assertSameFiles(api.generate(example.design), native, "design object");
    assertSameFiles(api.generate(example.toml), native, "TOML text");
    assertSameFiles(api.generate(JSON.stringify(example.design)), native, "JSON text");
  });

  test(`${example.file}: the design object reads like the CLI's JSON file`, () => {
    const jsonPath = join(tempDir(), "design.json");
    writeFileSync(jsonPath, JSON.stringify(example.design, null, 2));
    assertSameFiles(api.generate(example.design), nativeFiles(jsonPath), "pgbr generate design.json");
  });

  test(`${example.file}: zip() gives pgbr generate --zip's bytes`, () => {
    const zipPath = join(tempDir(), "bundle.zip");
    pgbr("generate", designPath, "--zip", zipPath);
    const want = readFileSync(zipPath);
    for (const input of [example.design, example.toml]) {
      const got = api.zip(input);
      assert.ok(got instanceof Uint8Array);
      assert.ok(Buffer.from(got).equals(want), `zip of ${typeof input} differs (${got.length} vs ${want.length} bytes)`);
    }
  });

  test(`${example.file}: check() gives the diagnostics pgbr check prints`, () => {
    const native = pgbrRun("check", designPath);
    assert.equal(native.status, 0, native.stderr);
    assert.equal(api.check(example.design).map((d) => `${diagnosticLine(d)}\n`).join(""), native.stderr);
  });
}

test("importConf() reads generated files back into the same design", () => {
  for (const example of examples) {
    const { files } = api.generate(example.design);
    const back = api.importConf(files.map((f) => ({ name: f.path, text: f.content })));
    assert.deepEqual(back.unmapped, [], example.file);
    assert.deepEqual(api.generate(back.design).files.map((f) => f.content), files.map((f) => f.content), example.file);
  }
});

test("importConf() matches pgbr import", () => {
  const example = examples[0];
  const dir = tempDir();
  pgbr("generate", join(root, "examples", example.file), "--out", dir);
  const paths = api.generate(example.design).files.map((f) => f.path);
  const native = JSON.parse(pgbr("import", "--json", ...paths.map((p) => join(dir, p))));
  const js = api.importConf(paths.map((p) => ({ name: join(dir, p), text: readFileSync(join(dir, p), "utf8") })));
  assert.deepEqual(js.design, native);
});

test("diff() lists what pgbr diff prints, and each file before and after", () => {
  const example = examples[0];
  const dir = tempDir();
  pgbr("generate", join(root, "examples", example.file), "--out", dir);
  const first = api.generate(example.design).files[0];
  // The pooler's own file, edited by hand: one value changed, one option added.
  const edited = readFileSync(join(dir, first.path), "utf8").replace("compress-type=zst", "compress-type=lz4").replace("[global]\n", "[global]\nlog-level-file=debug\n");
  writeFileSync(join(dir, first.path), edited);
  const native = pgbrRun("diff", join(root, "examples", example.file), join(dir, first.path));
  assert.equal(native.status, 4, native.stderr);
  const js = api.diff(example.design, [{ name: join(dir, first.path), text: edited }]);
  assert.equal(js.text, native.stdout);
  assert.equal(js.unchanged, false);
  assert.deepEqual(js.files[0].changes, [
    { change: "changed", section: "global", key: "compress-type", before: ["lz4"], after: ["zst"] },
    { change: "removed", section: "global", key: "log-level-file", value: "debug" },
  ]);
  const view = js.views[0];
  assert.equal(view.generated, first.path);
  assert.deepEqual(view.before.filter((l) => l.mark !== "same").map((l) => `${l.mark} ${l.text}`), ["removed log-level-file=debug", "changed compress-type=lz4"]);
  assert.deepEqual(view.after.filter((l) => l.mark !== "same").map((l) => `${l.mark} ${l.text}`), ["changed compress-type=zst"]);
  assert.deepEqual(view.before.map((l) => l.text), edited.replace(/\n$/, "").split("\n"));
  assert.deepEqual(view.after.map((l) => l.text).join("\n") + "\n", first.content);
  // Line by line: the changed value faces its new one; the option the design lacks, nothing.
  const row = (re) => view.rows.find(([b]) => b !== null && re.test(view.before[b].text));
  assert.equal(view.after[row(/^compress-type=lz4$/)[1]].text, "compress-type=zst");
  assert.equal(row(/^log-level-file=debug$/)[1], null);
  assert.equal(view.rows.filter(([b]) => b !== null).length, view.before.length);
  // A design with errors has nothing to compare; environment files are not configs.
  const bad = structuredClone(example.design);
  bad.pooler[1].host = bad.pooler[0].host;
  assert.throws(() => api.diff(bad, edited), (e) => /nothing to compare/.test(e.message) && e.diagnostics.length > 0);
  const withEnv = api.diff(example.design, [{ name: join(dir, first.path), text: edited }, { name: join(dir, "pooler-1/pgbackrest.env"), text: "PGBACKREST_REPO1_CIPHER_PASS=x\n" }]);
  assert.equal(withEnv.files.length, 1);
});
