// The documented snippets run as written: every ```js block that imports "pgbr-designer" in
// docs/js-api.md, the package README and the project README, against the built package
// installed as node_modules/pgbr-designer; and docs/embed.html's script, with a minimal DOM.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import api, { nativeFiles, pkgDir, root, tempDir } from "./pkg.mjs";

const here = dirname(fileURLToPath(import.meta.url));

/** The ```js blocks of a Markdown file that use the package. */
function snippets(markdown) {
  return [...markdown.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).filter((code) => code.includes('from "pgbr-designer"'));
}

/** Runs `code` as a module beside node_modules/pgbr-designer, from the repository root. */
function run(code, ...preload) {
  const dir = tempDir();
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(pkgDir, join(dir, "node_modules", "pgbr-designer"), "dir");
  writeFileSync(join(dir, "snippet.mjs"), code);
  const imports = preload.flatMap((p) => ["--import", pathToFileURL(join(here, p)).href]);
  return execFileSync(process.execPath, [...imports, join(dir, "snippet.mjs")], { cwd: root, encoding: "utf8" });
}

const threePoolers = () => nativeFiles(join(root, "examples", api.examples()[0].file));
const sources = ["docs/js-api.md", "crates/pgbr-wasm/README.md", "README.md"];

test("every documented source has a snippet that uses the package", () => {
  for (const source of sources) assert.ok(snippets(readFileSync(join(root, source), "utf8")).length > 0, source);
});

test("docs/js-api.md has the browser and the Node snippet", () => {
  assert.equal(snippets(readFileSync(join(root, "docs/js-api.md"), "utf8")).length, 2);
});

for (const source of sources) {
  snippets(readFileSync(join(root, source), "utf8")).forEach((code, i) => {
    test(`${source}, snippet ${i + 1} runs as written`, () => {
      const out = run(code, "fetch-file.mjs");
      if (code.includes("examples()[0]")) {
        // The page snippet prints the three-pooler example's files, as pgbr generate writes them.
        const want = [...threePoolers()].map(([path, f]) => `== ${path}\n${f.bytes.toString("utf8")}\n`).sort().join("");
        assert.equal(out.split(/(?=^== )/m).sort().join(""), want);
      } else if (code.includes("tls-guide-repo-host")) {
        const native = nativeFiles(join(root, "examples/tls-guide-repo-host.toml"));
        const want = [...native].map(([p, f]) => `${p} ${f.mode.toString(8)}`).sort();
        assert.deepEqual(out.trim().split("\n").sort(), want);
      }
    });
  });
}

test("the README snippet is docs/js-api.md's page snippet", () => {
  const page = snippets(readFileSync(join(root, "docs/js-api.md"), "utf8"))[0];
  assert.equal(snippets(readFileSync(join(root, "crates/pgbr-wasm/README.md"), "utf8"))[0], page);
  assert.equal(snippets(readFileSync(join(root, "README.md"), "utf8"))[0], page);
});

test("docs/embed.html renders the three-pooler example's files", () => {
  const html = readFileSync(join(root, "docs/embed.html"), "utf8");
  assert.doesNotMatch(html, /https?:\/\/(?!127\.0\.0\.1)/, "no network address in the page");
  const script = html.match(/<script type="module">\n([\s\S]*?)<\/script>/)[1];
  const spec = script.match(/from "([^"]+)"/)[1];
  // The import path, resolved as a browser would from docs/embed.html, is the built package.
  const target = new URL(spec, pathToFileURL(join(root, "docs/embed.html")));
  assert.equal(fileURLToPath(target), join(pkgDir, "pgbr_wasm.js"));
  const dom = JSON.parse(run(script.replace(spec, target.href), "fetch-file.mjs", "fake-dom.mjs"));
  assert.equal(dom.className, "", dom.text);
  const pres = dom.children.filter((c) => c.tag === "pre");
  const titles = dom.children.filter((c) => c.tag === "h2").map((h) => h.text.split(" ")[0]);
  const native = threePoolers();
  assert.deepEqual(titles.sort(), [...native.keys()].sort());
  for (const [i, pre] of pres.entries()) {
    const path = dom.children.filter((c) => c.tag === "h2")[i].text.split(" ")[0];
    assert.equal(pre.children.map((s) => `${s.text}\n`).join(""), native.get(path).bytes.toString("utf8"), path);
    assert.ok(pre.children.some((s) => s.className.includes("own")), `${path}: its own replica is shaded`);
    assert.ok(pre.children.every((s) => typeof s.title === "string"));
  }
});

test("the --target bundler package gives the same files (loaded as a wasm ES module)", () => {
  const bundler = join(pkgDir, "..", "pkg-bundler", "pgbr_wasm.js");
  const code = `import { examples, generate } from ${JSON.stringify(pathToFileURL(bundler).href)};
process.stdout.write(JSON.stringify(generate(examples()[0].design).files.map((f) => [f.path, f.content])));`;
  const out = execFileSync(process.execPath, ["--experimental-wasm-modules", "--no-warnings", "--input-type=module", "-e", code], { encoding: "utf8" });
  const want = api.generate(api.examples()[0].design).files.map((f) => [f.path, f.content]);
  assert.deepEqual(JSON.parse(out), want);
});
