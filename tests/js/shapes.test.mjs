// What the functions return has the shape pgbr_wasm.d.ts declares: every key, no other key, and
// each value of the declared type. The checkers below mirror crates/pgbr-wasm/src/types.d.ts, which
// `cargo test -p pgbr-wasm` (src/types_check.rs) holds to the Rust types the results come from.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import api, { pkgDir } from "./pkg.mjs";

// A checker is (value, where) => void and throws on a mismatch.
const str = (v, at) => assert.equal(typeof v, "string", at);
const num = (v, at) => assert.ok(Number.isInteger(v), `${at}: ${v} is not an integer`);
const bool = (v, at) => assert.equal(typeof v, "boolean", at);
const oneOf = (...values) => (v, at) => assert.ok(values.includes(v), `${at}: ${JSON.stringify(v)} not in ${values}`);
const nullable = (check) => (v, at) => v === null || check(v, at);
const array = (check) => (v, at) => {
  assert.ok(Array.isArray(v), `${at} is not an array`);
  v.forEach((x, i) => check(x, `${at}[${i}]`));
};
const tuple = (...checks) => (v, at) => {
  assert.ok(Array.isArray(v) && v.length === checks.length, `${at} is not a ${checks.length}-tuple`);
  checks.forEach((c, i) => c(v[i], `${at}[${i}]`));
};
const anyOf = (...checks) => (v, at) => {
  const fails = [];
  for (const c of checks) {
    try {
      return c(v, at);
    } catch (e) {
      fails.push(e.message);
    }
  }
  assert.fail(`${at}: matches none of: ${fails.join(" | ")}`);
};
const optional = (check) => Object.assign((v, at) => check(v, at), { optional: true });
/** An object with exactly these keys (optional ones may be absent); `rest` checks any other key. */
const object = (fields, rest) => (v, at) => {
  assert.ok(v !== null && typeof v === "object" && !Array.isArray(v), `${at} is not an object`);
  assert.equal(Object.getPrototypeOf(v), Object.prototype, `${at} is not a plain object`);
  for (const [k, check] of Object.entries(fields)) {
    if (!(k in v)) {
      assert.ok(check.optional, `${at}.${k} is missing`);
      continue;
    }
    check(v[k], `${at}.${k}`);
  }
  for (const k of Object.keys(v)) {
    if (k in fields) continue;
    assert.ok(rest, `${at} has an undeclared key ${k}`);
    rest(v[k], `${at}.${k}`);
  }
};

const optValue = anyOf(str, num, bool, array(str));
const pooler = object({
  name: str, host: str, "pg-path": str, "pg-port": optional(num), "pg-socket-path": optional(str), "pg-user": optional(str),
  "pg-database": optional(str), "pg-host-port": optional(num), "pg-host-config": optional(str), "pg-host-user": optional(str), zone: optional(str),
  global: optional(object({}, optValue)),
});
const repoType = oneOf("posix", "s3", "gcs", "azure", "sftp", "cifs");
const repo = object({ index: num, type: optional(repoType) }, optValue);
const tls = object({
  "host-type": optional(oneOf("tls", "ssh")), "ca-file": optional(str), "cert-file": optional(str), "key-file": optional(str),
  "client-cert-file": optional(str), "client-key-file": optional(str), "server-address": optional(str), "server-port": optional(num),
  "auth-cn": optional(str), "auth-stanzas": optional(str),
});
const repoHost = object({
  host: str, "host-port": optional(num), "host-config": optional(str), "host-user": optional(str), global: optional(object({}, optValue)),
});
const optionTables = optional(object({}, object({}, optValue)));
// Designs the API returns have every defaulted key filled in.
const design = object({
  stanza: str, "pgbackrest-version": str, topology: oneOf("pooler", "repo-host"), "peer-order": oneOf("declared", "rotate", "zone"),
  secrets: oneOf("env-file", "include-file", "inline"), pooler: array(pooler), repo: array(repo), tls,
  "repo-host": optional(repoHost), global: optional(object({}, optValue)), command: optionTables,
  "stanza-options": optional(object({}, optValue)), "stanza-command": optionTables,
});
const diagnostic = object({ severity: oneOf("error", "warning"), path: str, message: str });
const line = object({
  text: str, kind: oneOf("comment", "blank", "section", "option", "env"), key: optional(str), value: optional(str), name: optional(str),
  comment: optional(str), section: optional(num), option: optional(str), replica: optional(num), pg: optional(num), repo: optional(num), why: str,
});
const generatedFile = object({
  path: str, mode: num, kind: oneOf("config", "secrets-include", "env"), host: str, pooler: nullable(num), content: str,
  sections: array(str), "pg-order": array(tuple(num, num)), lines: array(line),
});
const generateResult = object({ files: array(generatedFile), diagnostics: array(diagnostic) });
const importResult = object({ design, unmapped: array(object({ file: str, line: num, message: str, lost: bool })) });
const example = object({ file: str, title: str, toml: str, design });
const optionType = anyOf(
  object({ kind: oneOf("bool", "enum", "string", "path", "hash", "list") }),
  object({ kind: oneOf("int", "size", "time"), min: num, max: num }),
);
const optionDef = object({
  name: str, scope: oneOf("global", "repo", "pg", "tls-server", "command-line"), type: optionType,
  changes: array(tuple(str, optionType)), values: array(tuple(str, str)), default: nullable(str), since: str,
  "internal-from": nullable(str), "stanza-only": bool, secure: bool, deprecated: array(str), "repo-type": nullable(repoType), summary: str,
  "doc-url": nullable(str),
});
const fieldInfo = object({
  key: str, option: optional(str), written: optional(str), label: str, help: str, kind: oneOf("text", "number", "choice"),
  choices: optional(array(object({ value: str, label: str }))), default: optional(str),
});
const designFields = object({
  version: str, cluster: array(fieldInfo), pooler: array(fieldInfo), tls: array(fieldInfo), "repo-host": array(fieldInfo),
  repo: array(object({ type: repoType, options: array(str) })), "common-global": array(str),
});
const versionInfo = object({ designer: str, format: num, pgbackrest: object({ oldest: str, newest: str, default: str }) });

test("examples() returns Example[]", () => array(example)(api.examples(), "examples()"));

test("generate() returns GenerateResult, for every example and for a design with errors", () => {
  for (const e of api.examples()) generateResult(api.generate(e.design), `generate(${e.file})`);
  generateResult(api.generate({ stanza: "s" }), "generate(errors)");
  assert.ok(api.examples().some((e) => api.generate(e.design).files.some((f) => f.pooler === null)), "some file has pooler null");
});

test("generate() hands each line's data, not only its text", () => {
  const { files } = api.generate(api.examples()[0].design);
  const f = files.find((f) => f.path === "pooler-2/pgbackrest.conf");
  assert.deepEqual(f.sections, ["global", "multigres"]);
  assert.deepEqual(f["pg-order"], [[1, 1], [2, 0], [3, 2]]);
  const at = (text) => f.lines.find((l) => l.text === text);
  const { why: _, ...pg2Host } = at("pg2-host=replica1");
  assert.deepEqual(pg2Host, {
    text: "pg2-host=replica1", kind: "option", key: "pg2-host", value: "replica1", section: 1, option: "pg-host", replica: 0, pg: 2,
  });
  const { why: __, ...auth } = at("tls-server-auth=replica1=multigres");
  assert.deepEqual(auth, {
    text: "tls-server-auth=replica1=multigres", kind: "option", key: "tls-server-auth", value: "replica1=multigres", section: 0,
    option: "tls-server-auth",
  });
  assert.deepEqual(
    f.lines.slice(3, 7).map(({ why, ...l }) => l),
    [
      { text: "# this file copies from the first standby in that order.", kind: "comment", comment: "this file copies from the first standby in that order." },
      { text: "[global]", kind: "section", name: "global", section: 0 },
      { text: "# repo1: posix", kind: "comment", comment: "repo1: posix", section: 0, repo: 1 },
      { text: "repo1-type=posix", kind: "option", key: "repo1-type", value: "posix", section: 0, option: "repo-type", repo: 1 },
    ],
  );
  assert.deepEqual(at("").kind, "blank");
  const env = api.generate(api.examples().find((e) => e.file === "five-replicas-two-zones.toml").design)
    .files.find((f) => f.path === "pooler-a1/pgbackrest.env");
  assert.deepEqual(env.sections, []);
  assert.deepEqual(env["pg-order"], []);
  const { why: ___, ...key } = env.lines[1];
  assert.deepEqual(key, {
    text: "PGBACKREST_REPO1_S3_KEY=AKIAEXAMPLEEXAMPLE", kind: "env", key: "PGBACKREST_REPO1_S3_KEY", value: "AKIAEXAMPLEEXAMPLE",
    option: "repo-s3-key", repo: 1,
  });
});

test("generate()'s files hand over content and lines when read, and behave as plain data", () => {
  const design = api.examples()[0].design;
  const eager = api.generate(design).files.map((f) => ({ ...f }));
  const lazy = api.generate(design);
  // A later file first: each is read on its own.
  assert.equal(lazy.files[2].content, eager[2].content);
  assert.deepEqual(lazy.files[2].lines, eager[2].lines);
  assert.ok(eager[2].content.startsWith("# pgbackrest.conf for pooler"), eager[2].content.slice(0, 40));
  // Read once, then kept: the same object each time; assignable like any property.
  assert.equal(lazy.files[0].lines, lazy.files[0].lines);
  lazy.files[1].content = "changed";
  assert.equal(lazy.files[1].content, "changed");
  // JSON and structuredClone see every file whole.
  const json = JSON.parse(JSON.stringify(api.generate(design)));
  assert.deepEqual(json.files, eager);
  assert.deepEqual(structuredClone(api.generate(design)).files, eager);
});

test("check() returns Diagnostic[]", () => {
  array(diagnostic)(api.check({ stanza: "s" }), "check()");
  assert.ok(api.check({ stanza: "s" }).length > 0);
});

test("importConf() returns ImportResult for every input form", () => {
  const { files } = api.generate(api.examples()[0].design);
  const texts = files.map((f) => f.content);
  importResult(api.importConf(texts[0]), "importConf(string)");
  importResult(api.importConf(texts), "importConf(string[])");
  importResult(api.importConf(files.map((f) => ({ name: f.path, text: f.content }))), "importConf({name,text}[])");
  const foreign = api.importConf("[demo]\npg1-path=/data\nunknown-option=1\n");
  importResult(foreign, "importConf(foreign)");
  assert.ok(foreign.unmapped.length > 0);
});

test("optionCatalog() returns OptionDef[]; a version narrows it", () => {
  const all = api.optionCatalog();
  array(optionDef)(all, "optionCatalog()");
  const old = api.optionCatalog("2.45");
  array(optionDef)(old, "optionCatalog('2.45')");
  assert.ok(old.length < all.length);
  assert.ok(old.every((o) => all.some((a) => a.name === o.name)));
  const byName = Object.fromEntries(all.map((o) => [o.name, o]));
  assert.equal(byName["repo-path"]["doc-url"], "https://pgbackrest.org/configuration.html#section-repository/option-repo-path");
  assert.equal(byName["backup-standby"]["doc-url"], "https://pgbackrest.org/configuration.html#section-backup/option-backup-standby");
  assert.equal(byName["config"]["doc-url"], null);
  assert.deepEqual(byName["compress-level-network"].changes, [["2.55", { kind: "int", min: -5, max: 12 }]]);
  assert.ok(byName["repo-storage-verify-tls"].deprecated.includes("repo?-s3-verify-tls"));
  assert.ok(api.optionCatalog("2.60").some((o) => o.name === "repo-storage-prefetch"));
});

test("designFields() returns DesignFields, at the default release and at each target", () => {
  designFields(api.designFields(), "designFields()");
  for (const { value } of api.designFields().cluster.find((f) => f.key === "pgbackrest-version").choices) {
    designFields(api.designFields(value), `designFields('${value}')`);
  }
});

test("version() returns VersionInfo", () => {
  const v = api.version();
  versionInfo(v, "version()");
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  assert.equal(v.designer, pkg.version);
});

test("zip() returns a Uint8Array holding a zip", () => {
  const z = api.zip(api.examples()[0].design);
  assert.ok(z instanceof Uint8Array);
  assert.deepEqual([...z.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]);
});

test("the package declares every function with these types", () => {
  const dts = readFileSync(join(pkgDir, "pgbr_wasm.d.ts"), "utf8");
  for (const decl of [
    "export function generate(design: DesignInput): GenerateResult;",
    "export function check(design: DesignInput): Diagnostic[];",
    "export function importConf(files: ConfInput, stanza?: string | null): ImportResult;",
    "export function diff(design: DesignInput, files: ConfInput): Comparison;",
    "export function examples(): Example[];",
    "export function optionCatalog(version?: string | null): OptionDef[];",
    "export function designFields(version?: string | null): DesignFields;",
    "export function version(): VersionInfo;",
    "export function zip(design: DesignInput): Uint8Array;",
  ]) {
    assert.ok(dts.includes(decl), `pgbr_wasm.d.ts lacks ${decl}`);
  }
  const exported = Object.keys(api).filter((k) => typeof api[k] === "function" && k !== "default" && k !== "initSync").sort();
  // Generation is not API: the class that keeps a generate() result's files in wasm memory
  // until their content and lines are read (js/lazy.js); the .d.ts leaves it out.
  assert.deepEqual(exported, ["Generation", "check", "designFields", "diff", "examples", "generate", "importConf", "optionCatalog", "version", "zip"]);
  assert.ok(!dts.includes("Generation"), "pgbr_wasm.d.ts declares the internal Generation class");
  for (const t of ["Design", "Pooler", "Repo", "Tls", "RepoHost", "GenerateResult", "GeneratedFile", "Line", "Diagnostic", "ImportResult", "Unmapped", "Comparison", "FileDiff", "Change", "BeforeAfter", "MarkedLine", "Mark", "Example", "OptionDef", "DesignFields", "FieldInfo", "VersionInfo", "DesignError", "ZipError"]) {
    assert.match(dts, new RegExp(`export (interface|type) ${t}\\b`), t);
  }
});
