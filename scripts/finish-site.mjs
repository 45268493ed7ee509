#!/usr/bin/env node
// Turns Trunk's build of the designer into the site in dist/ (Trunk.toml runs this as its
// post_build hook, so every `trunk build` ends here):
//
//   index.html            the page; its CSP gains the hash of its one inline script
//   build-<key>/…         the JS, the wasm, the CSS, the icon and start.js, under a folder named
//                         by a hash of the whole build: a browser never pairs one build's JS with
//                         another's wasm, and any host may cache these for ever
//   manifest.webmanifest  the web app manifest
//   sw.js                 the service worker (web/sw.js after this build's list of files)
//   pgbr-designer.html    the whole designer in one file, from the same build, to open from disk
//   *.gz, *.br            every file but the icon, precompressed, for hosts that serve them
//
// Usage: node scripts/finish-site.mjs [RAW SITE]; without arguments (as Trunk's hook) RAW is
// $TRUNK_STAGING_DIR and SITE is dist/ beside Trunk.toml. Fails, and writes nothing, when Trunk's
// output is not what it expects.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SW = path.join(here, '..', 'web', 'sw.js');
// The names Trunk gives the app's files (Trunk.toml: filehash = false).
const GLUE = 'pgbr-web.js';
const WASM = 'pgbr-web_bg.wasm';
const START = 'start.js';

const sha256 = (data) => crypto.createHash('sha256').update(data).digest();
const integrity = (data) => `sha256-${sha256(data).toString('base64')}`;

function fail(why) {
  throw new Error(`finish-site: ${why}`);
}

/// `text` with the one match of `pattern` replaced by `by` (a string or a function of the match);
/// fails when there is not exactly one.
function replaceOnce(text, pattern, by, what) {
  const all = [...text.matchAll(new RegExp(pattern.source, pattern.flags.replace('g', '') + 'g'))];
  if (all.length !== 1) fail(`expected one ${what} in Trunk's index.html, found ${all.length}`);
  const m = all[0];
  return text.slice(0, m.index) + (typeof by === 'function' ? by(m) : by) + text.slice(m.index + m[0].length);
}

/// `text` as a regular expression that matches it literally.
const literal = (text) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/// The attribute `name` of the tag `tag` (its text).
const attr = (tag, name) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];

/// Reads Trunk's output: the page and the files it loads, by name.
function readRaw(raw) {
  const names = fs.readdirSync(raw, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
  for (const e of names) if (!e.isFile()) fail(`${e.name} in Trunk's output is not a file (wasm-bindgen snippets are not supported)`);
  const files = new Map(names.filter((e) => e.name !== 'index.html').map((e) => [e.name, fs.readFileSync(path.join(raw, e.name))]));
  for (const need of [GLUE, WASM, START]) if (!files.has(need)) fail(`Trunk's output has no ${need}`);
  return { html: fs.readFileSync(path.join(raw, 'index.html'), 'utf8'), files };
}

/// The build's key: a hash of everything the site is made of, this script included. Two builds
/// with the same key are the same bytes, down to sw.js (so a browser never installs a worker
/// whose cache has the name of the one in use).
function buildKey({ html, files }, sw) {
  const h = crypto.createHash('sha256');
  const script = fs.readFileSync(fileURLToPath(import.meta.url));
  const parts = [['finish-site.mjs', script], ['index.html', Buffer.from(html)], ['sw.js', Buffer.from(sw)],
    ...[...files].sort(([a], [b]) => (a < b ? -1 : 1))];
  for (const [name, body] of parts) {
    h.update(`${name}\0${body.length}\0`);
    h.update(body);
  }
  return h.digest('hex').slice(0, 16);
}

/// The PNG's width and height (its IHDR chunk).
function pngSize(png) {
  if (png.toString('latin1', 1, 4) !== 'PNG') fail('the icon is not a PNG');
  return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
}

/// The stylesheet and icon links Trunk wrote, and the file each names.
function links(html, files) {
  const find = (rel) => {
    const tag = html.match(new RegExp(`<link\\b[^>]*\\srel="${rel}"[^>]*>`))?.[0];
    const name = tag && attr(tag, 'href')?.replace(/^\.\//, '');
    if (!name || !files.has(name)) fail(`Trunk's index.html has no <link rel="${rel}"> to a file of the build`);
    return { tag, name };
  };
  return { css: find('stylesheet'), icon: find('icon') };
}

function sitePage(html, files, dir) {
  let page = html;
  // Every reference to a file of the build goes into its folder.
  for (const name of files.keys()) {
    const ref = new RegExp(`(href|src)="(?:\\./)?${literal(name).source}"`);
    if (ref.test(page)) page = replaceOnce(page, ref, (m) => `${m[1]}="./${dir}/${name}"`, `reference to ${name}`);
  }
  const inline = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${sha256(m[1]).toString('base64')}'`);
  if (inline.length !== 1) fail(`expected one inline script (the from-disk notice), found ${inline.length}`);
  return replaceOnce(page, /script-src 'self'/, `script-src 'self' ${inline.join(' ')}`, "CSP script-src 'self'");
}

function manifest(icon, size, dir) {
  return JSON.stringify({
    name: 'pgbr designer',
    short_name: 'pgbr designer',
    description: 'pgBackRest configuration for replicated PostgreSQL: one pgbackrest.conf per pooler',
    start_url: './',
    scope: './',
    display: 'standalone',
    icons: [{ src: `${dir}/${icon}`, sizes: size, type: 'image/png' }],
  }, null, 2) + '\n';
}

/// pgbr-designer.html: the page with the CSS, the icon, the wasm-bindgen glue, start.js and the
/// wasm (base64) inside, and a CSP of hashes that allows nothing else.
function singleFile(html, files, { css, icon }) {
  const glue = files.get(GLUE).toString('utf8');
  if (/^\s*import\b/m.test(glue)) fail(`${GLUE} imports other modules: the single file cannot hold them`);
  const main = glue.match(/^export \{[^}]*\b(\w+) as default\b[^}]*\};?$/m)?.[1];
  if (!main) fail(`${GLUE} has no default export (the init function)`);
  const start = files.get(START).toString('utf8');
  const importLine = `import init from './${GLUE}';`;
  if (!start.includes(importLine)) fail(`${START} does not start with ${importLine}`);
  // One module: the glue, then start.js in a block of its own, with `init` bound to the glue's.
  const script = `${glue}\n{\nconst init = ${main};\n${start.replace(importLine, '')}}\n`;
  const style = files.get(css.name).toString('utf8');
  for (const [what, text, end] of [[GLUE, script, '</script'], [css.name, style, '</style']]) {
    if (text.toLowerCase().includes(end) || text.includes('<!--')) fail(`${what} holds ${end} or <!--: it cannot go inside the page`);
  }
  const csp = ["default-src 'none'", `script-src '${integrity(script)}' 'wasm-unsafe-eval'`, `style-src '${integrity(style)}'`,
    'img-src data:', "object-src 'none'", "base-uri 'none'", "form-action 'none'"].join('; ');
  let page = replaceOnce(html, /<html lang="en">/, '<html lang="en" data-single-file="">', '<html lang="en">');
  page = replaceOnce(page, /<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`, 'CSP');
  page = replaceOnce(page, /\s*<!-- scripts\/finish-site\.mjs[^>]*-->/, '', 'comment on the CSP');
  page = replaceOnce(page, /\s*<link rel="manifest"[^>]*>/, '', 'manifest link');
  page = replaceOnce(page, literal(css.tag), `<style>${style}</style>`, 'stylesheet link');
  page = replaceOnce(page, literal(icon.tag),
    `<link rel="icon" href="data:image/png;base64,${files.get(icon.name).toString('base64')}">`, 'icon link');
  page = replaceOnce(page, /<script type="module" src="[^"]*"><\/script>/, `<script type="module">${script}</script>`, 'module script');
  // Opened from disk is what this page is for: no notice about it.
  page = replaceOnce(page, /\s*<div class="loading" id="from-disk" hidden>[\s\S]*?<\/div>/, '', 'from-disk notice');
  page = replaceOnce(page, /\s*<!-- Opened from disk[^>]*-->\s*<script>[\s\S]*?<\/script>/, '', 'from-disk script');
  return replaceOnce(page, /<\/body>/, `<script type="application/octet-stream" id="pgbr-wasm">${files.get(WASM).toString('base64')}</script>\n</body>`, '</body>');
}

/// Writes `name.gz` and `name.br` beside every file of `dir` but the PNG icon.
function precompress(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || /\.(png|gz|br)$/.test(e.name)) continue;
    const file = path.join(e.parentPath ?? e.path, e.name); // `path` before Node 20.12
    const body = fs.readFileSync(file);
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }));
  }
}

/// Builds the site in `site` from Trunk's output in `raw`. Returns the build's key.
export function finishSite(raw, site) {
  const build = readRaw(raw);
  const { html, files } = build;
  const sw = fs.readFileSync(SW, 'utf8');
  const key = buildKey(build, sw);
  const dir = `build-${key}`;
  const found = links(html, files);
  const page = sitePage(html, files, dir);

  const single = singleFile(html, files, found);
  const webmanifest = manifest(found.icon.name, pngSize(files.get(found.icon.name)), dir);
  const list = [...files].map(([name, body]) => ({ path: `${dir}/${name}`, integrity: integrity(body) }));
  list.push({ path: 'manifest.webmanifest', integrity: integrity(webmanifest), fresh: true });
  const BUILD = { key, page: `./${dir}/${START}`, files: list };

  // Written beside, then put in place: a failed run leaves the previous site as it was.
  const next = `${site}.next`;
  fs.rmSync(next, { recursive: true, force: true });
  try {
    fs.mkdirSync(path.join(next, dir), { recursive: true });
    for (const [name, body] of files) fs.writeFileSync(path.join(next, dir, name), body);
    fs.writeFileSync(path.join(next, 'index.html'), page);
    fs.writeFileSync(path.join(next, 'manifest.webmanifest'), webmanifest);
    fs.writeFileSync(path.join(next, 'sw.js'), `const BUILD = ${JSON.stringify(BUILD)};\n${sw}`);
    fs.writeFileSync(path.join(next, 'pgbr-designer.html'), single);
    precompress(next);
    fs.rmSync(site, { recursive: true, force: true });
    fs.renameSync(next, site);
  } finally {
    fs.rmSync(next, { recursive: true, force: true });
  }
  return key;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [raw, site] = process.argv.length > 2 ? process.argv.slice(2, 4)
    : [process.env.TRUNK_STAGING_DIR, process.env.TRUNK_SOURCE_DIR && path.join(process.env.TRUNK_SOURCE_DIR, 'dist')];
  if (!raw || !site) {
    console.error('usage: node scripts/finish-site.mjs RAW SITE (or run as Trunk\'s post_build hook)');
    process.exit(2);
  }
  const started = Date.now();
  const key = finishSite(path.resolve(raw), path.resolve(site));
  const single = fs.statSync(path.join(site, 'pgbr-designer.html')).size;
  console.log(`finish-site: ${site}: build ${key}, pgbr-designer.html ${(single / 1024).toFixed(0)} KB, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
