// Bad input gives the documented errors (docs/js-api.md, "Errors"): a value that is not a design
// throws an Error naming the first bad field; a design with errors comes back as diagnostics.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import api, { diagnosticLine, pgbrRun, tempDir } from "./pkg.mjs";

const good = () => structuredClone(api.examples()[0].design);

/** Calls fn, asserts it throws an Error, returns it. */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, `threw ${typeof e}, not an Error: ${e}`);
    return e;
  }
  assert.fail("did not throw");
}

function notADesign(value, path, ...words) {
  for (const fn of [api.generate, api.check, api.zip]) {
    const e = thrown(() => fn(value));
    assert.equal(e.path, path, e.message);
    assert.ok(e.message.startsWith(path ? `not a design: ${path}: ` : "not a design: "), e.message);
    for (const w of words) assert.ok(e.message.includes(w), `"${e.message}" lacks "${w}"`);
  }
}

test("a value that is not an object or text is not a design", () => {
  notADesign(undefined, "", "got undefined");
  notADesign(null, "", "got null");
  notADesign(42, "", "got a number");
  notADesign([good()], "", "got an array");
  notADesign({ stanza: "x", big: 1n }, "", "cannot be read as JSON");
});

test("a missing key is named", () => {
  notADesign({}, "", "missing field `stanza`");
  const d = good();
  delete d.pooler[1].host;
  notADesign(d, "pooler[1]", "missing field `host`");
});

test("an unknown key is named, with the closest valid one", () => {
  notADesign({ ...good(), peer_order: "rotate" }, "peer_order", "unknown field `peer_order`", "did you mean `peer-order`?");
  const d = good();
  d.pooler[1].hots = d.pooler[1].host;
  delete d.pooler[1].host;
  notADesign(d, "pooler[1].hots", "unknown field `hots`", "did you mean `host`?");
});

test("a value of the wrong type is named", () => {
  const d = good();
  d.pooler[2]["pg-port"] = "five";
  notADesign(d, "pooler[2].pg-port", 'invalid type: string "five"');
  notADesign({ ...good(), topology: "mesh" }, "topology", "unknown variant `mesh`");
  notADesign({ ...good(), "pgbackrest-version": 2.5 }, "pgbackrest-version", "as a string");
});

test("no position of a JSON text leaks into messages about objects", () => {
  const e = thrown(() => api.generate({ ...good(), topology: "mesh" }));
  assert.doesNotMatch(e.message, /line \d+ column/);
});

test("design text that does not parse is not a design", () => {
  const e = thrown(() => api.generate('stanza = "x"\n[[pooler]\n'));
  assert.match(e.message, /^not a design: TOML parse error at line 2/);
  const j = thrown(() => api.generate('{"stanza": "x", "pooler": [{"name": 1}]}'));
  assert.equal(j.path, "pooler[0].name");
});

test("a design with errors returns them as diagnostics, like pgbr check", () => {
  const d = good();
  d.pooler[1].host = d.pooler[0].host;
  d.repo[0].path = "relative/path";
  const result = api.generate(d);
  assert.deepEqual(result.files, []);
  const errors = result.diagnostics.filter((x) => x.severity === "error");
  assert.ok(errors.length >= 2, JSON.stringify(result.diagnostics));
  assert.ok(errors.some((x) => x.path === "pooler[1].host"), JSON.stringify(errors));
  assert.ok(errors.some((x) => x.path.startsWith("repo[0]")), JSON.stringify(errors));
  assert.deepEqual(api.check(d), result.diagnostics);

  const file = join(tempDir(), "bad.json");
  writeFileSync(file, JSON.stringify(d));
  const native = pgbrRun("check", file);
  assert.equal(native.status, 1);
  assert.equal(result.diagnostics.map((x) => `${diagnosticLine(x)}\n`).join(""), native.stderr);
});

test("zip of a design with errors throws an Error carrying the diagnostics", () => {
  const d = good();
  d.pooler[1].host = "";
  const e = thrown(() => api.zip(d));
  assert.match(e.message, /^the design has \d+ error\(s\), so there is nothing to zip \(first: error: pooler\[1\]\.host: /);
  assert.deepEqual(e.diagnostics, api.check(d));
});

test("importConf refuses input of the wrong shape and unreadable files", () => {
  assert.match(thrown(() => api.importConf(5)).message, /^importConf takes a file's text, an array of texts or an array of \{ name, text \}, not a number/);
  assert.match(thrown(() => api.importConf(["[global]\n", { name: "x.conf" }])).message, /^importConf: \[1\] must be a string or \{ name: string, text: string \}, not an object/);
  assert.match(thrown(() => api.importConf("[global\nx=1\n")).message, /^cannot import: pgbackrest\.conf: line 1: /);
  assert.match(thrown(() => api.importConf(["[global]\n", "[global\n"])).message, /^cannot import: file-2\.conf: /);
});

test("optionCatalog refuses a version it cannot read", () => {
  assert.match(thrown(() => api.optionCatalog("2.x")).message, /'2\.x' is not a pgBackRest version; write it as major\.minor/);
});

test("nothing throws anything but an Error", () => {
  const junk = [undefined, null, 0, -1, NaN, "", "{", "[", true, [], [[]], {}, { stanza: {} }, { stanza: "s", pooler: {} }, { stanza: "s", repo: [{}] }, { stanza: "s", global: { x: { y: 1 } } }, Symbol("s"), () => 1, new Map()];
  for (const value of junk) {
    for (const fn of [api.generate, api.check, api.zip, api.importConf, api.optionCatalog]) {
      try {
        fn(value);
      } catch (e) {
        assert.ok(e instanceof Error, `${fn.name}(${String(value)}) threw ${String(e)}`);
        assert.ok(e.message.length > 0);
      }
    }
  }
});
