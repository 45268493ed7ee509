// End-to-end: the designer without the network. pgbr-designer.html alone, opened from disk;
// index.html opened from disk; the site offline after one visit (also under a sub-path and in a
// frame); a new build offered, declined, then accepted; the precompressed files.
// Run by scripts/test.d/50-web.sh (which builds dist/, target/trunk and target/debug/pgbr first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';
import { finishSite } from '../../scripts/finish-site.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const raw = path.join(root, 'target/trunk');
const pgbr = path.join(root, 'target/debug/pgbr');

const cli = (...args) => execFileSync(pgbr, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const listFiles = (dir, base = dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]).sort();
const unzip = (zip, dir) => execFileSync('unzip', ['-q', '-o', zip, '-d', dir]);
const previewed = (page) => page.locator('article.file').evaluateAll((files) => Object.fromEntries(files.map((f) =>
  [f.dataset.path, [...f.querySelectorAll('.code .ln')].map((l) => l.innerText).join('\n') + '\n'])));
const paths = (page) => page.locator('article.file').evaluateAll((a) => a.map((e) => e.dataset.path));
const THREE = ['pooler-1/pgbackrest.conf', 'pooler-2/pgbackrest.conf', 'pooler-3/pgbackrest.conf'];
/// The build a page runs: the key in its start script's folder.
const runs = (page) => page.evaluate(() => document.querySelector('script[type=module]').src.match(/build-(\w+)\/start\.js$/)[1]);
const keyOf = (site) => fs.readFileSync(path.join(site, 'index.html'), 'utf8').match(/build-(\w+)\/start\.js/)[1];
/// Every cache of the origin and the addresses it holds.
const caches = (page) => page.evaluate(async () => Object.fromEntries(await Promise.all((await self.caches.keys()).map(async (name) =>
  [name, (await (await self.caches.open(name)).keys()).map((r) => r.url).sort()]))));
/// Waits until this page's service worker is active (its build is kept); fails after 30 s.
const activated = async (page) => assert.ok(await page.evaluate(() => Promise.race([navigator.serviceWorker.ready.then(() => true),
  new Promise((resolve) => setTimeout(() => resolve(false), 30000))])), 'no service worker became active in 30 s');
/// Waits until the design holding `text` is saved in the browser.
const saved = (page, text) => page.waitForFunction((t) => (localStorage.getItem('pgbr-designer.design') || '').includes(t), text);
/// What a build's service worker keeps: its page and the files sw.js lists.
const kept = (site, scope) => {
  const build = JSON.parse(fs.readFileSync(path.join(site, 'sw.js'), 'utf8').match(/^const BUILD = (.*);$/m)[1]);
  return [scope, ...build.files.map((f) => scope + f.path)].sort();
};

test('the designer offline', async (t) => {
  for (const need of [dist, raw, pgbr]) assert.ok(fs.existsSync(need), `${need} is built (scripts/test.d/50-web.sh)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgbr-e2e-offline-'));
  const browsers = [];
  const problems = [];
  const open = async () => {
    const b = await launch();
    browsers.push(b);
    const page = await b.context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`${m.location().url || page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
    return { ...b, page };
  };
  t.after(async () => { for (const b of browsers) await b.close(); });

  await t.test('every file but the icon has a .gz and a .br beside it, with the same bytes', () => {
    const files = listFiles(dist).filter((f) => !/\.(gz|br)$/.test(f));
    assert.ok(files.includes('pgbr-designer.html') && files.includes('sw.js') && files.includes('manifest.webmanifest'), files.join(' '));
    for (const f of files) {
      const body = fs.readFileSync(path.join(dist, f));
      if (f.endsWith('.png')) {
        assert.ok(!fs.existsSync(path.join(dist, f + '.gz')), `${f} is compressed already`);
        continue;
      }
      assert.ok(zlib.gunzipSync(fs.readFileSync(path.join(dist, f + '.gz'))).equals(body), `${f}.gz`);
      assert.ok(zlib.brotliDecompressSync(fs.readFileSync(path.join(dist, f + '.br'))).equals(body), `${f}.br`);
    }
    // The files this project writes name no host (wasm-bindgen's glue has a link in a comment).
    for (const f of files.filter((f) => /(^index\.html|^sw\.js|\.webmanifest|\/start\.js|\.css)$/.test(f))) {
      assert.doesNotMatch(fs.readFileSync(path.join(dist, f), 'utf8'), /https?:\/\//, f);
    }
  });

  await t.test('pgbr-designer.html alone in a folder, from file://: files, zip, import, share link, no request', async () => {
    const usb = fs.mkdtempSync(path.join(os.tmpdir(), 'pgbr-e2e-usb-'));
    fs.copyFileSync(path.join(dist, 'pgbr-designer.html'), path.join(usb, 'pgbr-designer.html'));
    const file = pathToFileURL(path.join(usb, 'pgbr-designer.html')).href;
    const { context, page } = await open();
    const requests = [];
    context.on('request', (r) => requests.push({ url: r.url(), navigation: r.isNavigationRequest() }));
    await page.goto(file);
    await page.locator('article.file').nth(2).waitFor();
    assert.deepEqual(await paths(page), THREE);
    assert.equal(await page.locator('#summary-title').innerText(), 'No problems found');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]{43}=' 'wasm-unsafe-eval'; style-src 'sha256-[A-Za-z0-9+/]{43}='; img-src data:; object-src 'none'; base-uri 'none'; form-action 'none'$/);
    assert.equal(await page.locator('#offline-copy').count(), 0, 'the single file does not offer itself');

    // The zip, byte for byte the CLI's.
    await page.fill('#f-pooler-1-host', 'usb-two');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-zip')]);
    assert.equal(download.suggestedFilename(), 'multigres-pgbackrest.zip');
    const webZip = path.join(tmp, 'usb.zip');
    await download.saveAs(webZip);
    unzip(webZip, path.join(tmp, 'usb'));
    assert.match(fs.readFileSync(path.join(tmp, 'usb', 'design.toml'), 'utf8'), /host = "usb-two"/);
    const cliZip = path.join(tmp, 'usb-cli.zip');
    cli('generate', path.join(tmp, 'usb', 'design.toml'), '--zip', cliZip);
    assert.ok(fs.readFileSync(webZip).equals(fs.readFileSync(cliZip)), 'the zip is the CLI\'s');

    // Import another example's files, as the CLI writes them.
    const design = path.join(tmp, 'tls.toml');
    fs.writeFileSync(design, cli('example', 'tls-guide-repo-host'));
    cli('generate', design, '--out', path.join(tmp, 'tls'));
    const files = listFiles(path.join(tmp, 'tls'));
    await page.locator('#import summary').click();
    await page.setInputFiles('#import-files', files.map((f) => path.join(tmp, 'tls', f)));
    await page.locator('#import-result', { hasText: `Imported ${files.length} files` }).waitFor();
    await page.locator('article.file[data-path="backup-srv/pgbackrest.conf"] .code .ln').first().waitFor();
    const shown = await previewed(page);
    for (const f of files.filter((f) => f.endsWith('.conf'))) assert.equal(shown[f], fs.readFileSync(path.join(tmp, 'tls', f), 'utf8'), f);

    // A share link names this file, and opens the design in it.
    await page.click('#share-link');
    const link = await page.locator('#share-url').inputValue();
    assert.ok(link.startsWith(`${file}#d=v1.`), link);
    const other = await context.newPage();
    other.on('pageerror', (e) => problems.push(e.message));
    await other.goto(link);
    await other.locator('article.file[data-path="backup-srv/pgbackrest.conf"]').waitFor();
    assert.deepEqual(await previewed(other), shown);
    await other.close();

    const outside = requests.filter((r) => !r.url.startsWith('data:') && !r.url.startsWith('blob:')
      && !(r.navigation && r.url.split('#')[0] === file));
    assert.deepEqual(outside, []);
  });

  await t.test('index.html from file:// says what to do instead of loading', async () => {
    const { page } = await open();
    await page.goto(pathToFileURL(path.join(dist, 'index.html')).href);
    const notice = page.locator('#from-disk');
    await notice.waitFor();
    assert.ok(await page.locator('#loading').isHidden());
    assert.equal((await notice.innerText()).replace(/\s+/g, ' ').trim(),
      'This page does not open from a disk. Browsers load its WebAssembly only from a web server. '
      + 'Open pgbr-designer.html, beside this page, instead: the whole designer in one file, made to be opened from a disk or a USB stick. '
      + 'Or serve this folder with any static web server, e.g. python3 -m http.server run in this folder, and open localhost:8000 in the browser.');
    // The link opens the single file, which works from there.
    await page.click('#from-disk a');
    await page.locator('article.file').nth(2).waitFor();
    assert.match(page.url(), /\/dist\/pgbr-designer\.html$/);
    // The failed loads of the module and the manifest from file:// are the browser's own
    // complaints, expected here.
    const here = pathToFileURL(dist).href + '/';
    for (let i = problems.length - 1; i >= 0; i--) if (problems[i].startsWith(here) && !problems[i].startsWith(here + 'pgbr-designer.html')) problems.splice(i, 1);
  });

  await t.test('served over http: visit once, go offline, reload: the designer works with the saved design', async () => {
    const server = await serve(dist);
    try {
      const { context, page } = await open();
      await page.goto(server.origin + '/');
      await page.locator('article.file').nth(2).waitFor();
      assert.ok(await page.locator('#offline-copy').isVisible());
      assert.equal(await page.locator('#offline-copy').getAttribute('href'), 'pgbr-designer.html');
      await activated(page);
      await page.fill('#f-pooler-1-host', 'kept-offline');
      await saved(page, 'kept-offline');
      await context.setOffline(true);
      await page.reload();
      await page.locator('article.file').nth(2).waitFor();
      assert.equal(await page.locator('#f-pooler-1-host').inputValue(), 'kept-offline');
      assert.match((await previewed(page))['pooler-1/pgbackrest.conf'], /^pg2-host=kept-offline$/m);
      assert.equal(await page.locator('#update-offer').count(), 0);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-zip')]);
      assert.equal(download.suggestedFilename(), 'multigres-pgbackrest.zip');
      // One cache, holding exactly this build's page and files.
      assert.deepEqual(await caches(page), { [`pgbr-designer ${server.origin}/ ${keyOf(dist)}`]: kept(dist, server.origin + '/') });
    } finally {
      server.close();
    }
  });

  await t.test('on a host that serves no folder index, the page is kept as index.html', async () => {
    const server = await serve(dist, { folderIndex: false });
    try {
      const { context, page } = await open();
      await page.goto(server.origin + '/index.html');
      await page.locator('article.file').nth(2).waitFor();
      await activated(page);
      await context.setOffline(true);
      await page.goto(server.origin + '/index.html?preset=tls-guide-repo-host');
      await page.locator('article.file[data-path="backup-srv/pgbackrest.conf"]').waitFor();
    } finally {
      server.close();
    }
  });

  await t.test('under a sub-path, in a docs page\'s frame: offline too, its cache under its own path', async () => {
    const site = fs.mkdtempSync(path.join(os.tmpdir(), 'pgbr-e2e-docs-'));
    fs.cpSync(dist, path.join(site, 'tools', 'pgbr'), { recursive: true });
    fs.mkdirSync(path.join(site, 'guide'));
    fs.writeFileSync(path.join(site, 'guide', 'index.html'), '<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body><h1>Backups</h1>'
      + '<iframe src="../tools/pgbr/?embed=1&preset=tls-guide-repo-host" title="pgbr designer" style="width:100%;height:700px"></iframe></body></html>');
    const server = await serve(site);
    try {
      const { context, page } = await open();
      const scope = `${server.origin}/tools/pgbr/`;
      await page.goto(server.origin + '/guide/');
      await page.frameLocator('iframe').locator('article.file[data-path="backup-srv/pgbackrest.conf"]').waitFor();
      const frame = page.frames().find((f) => f.url().startsWith(scope));
      await activated(frame);
      assert.equal(await frame.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope), scope);
      await context.setOffline(true);
      await frame.goto(scope + '?embed=1&preset=five-replicas-two-zones');
      await frame.locator('article.file').nth(4).waitFor();
      assert.ok(await frame.locator('.embed-bar').isVisible());
      assert.deepEqual(await caches(frame), { [`pgbr-designer ${scope} ${keyOf(dist)}`]: kept(dist, scope) });
    } finally {
      server.close();
    }
  });

  await t.test('a new build is offered, never imposed: declined, A keeps working; accepted, B runs', async () => {
    // Build B: Trunk's same output with one more (custom) section in the wasm, finished by the
    // same script: another wasm, hence another key and other file names.
    const rawB = path.join(tmp, 'raw-b');
    fs.cpSync(raw, rawB, { recursive: true, filter: (src) => !path.basename(src).startsWith('.') });
    const name = Buffer.from('pgbr-e2e-build');
    const body = Buffer.concat([Buffer.from([name.length]), name, Buffer.from('B')]);
    fs.appendFileSync(path.join(rawB, 'pgbr-web_bg.wasm'), Buffer.concat([Buffer.from([0, body.length]), body]));
    const siteB = path.join(tmp, 'site-b');
    const b = finishSite(rawB, siteB);
    const a = keyOf(dist);
    assert.notEqual(a, b);

    const server = await serve(dist);
    try {
      const { page } = await open();
      await page.goto(server.origin + '/');
      await page.locator('article.file').nth(2).waitFor();
      await activated(page);
      await page.fill('#f-pooler-1-host', 'before-b');
      await saved(page, 'before-b');
      await page.reload();
      await page.locator('article.file').nth(2).waitFor();
      assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'build A controls the page');

      // B is deployed over A: the next visit still runs A, and offers B.
      server.use(siteB);
      const from = server.requests.length;
      await page.reload();
      await page.locator('#update-offer').waitFor();
      assert.equal(await runs(page), a);
      assert.equal(await page.locator('#update-offer p').innerText(), 'A new version of the designer is available: reload to use it. Your design is kept.');
      assert.deepEqual(server.requests.slice(from).filter((p) => p.includes(`build-${a}`)), [], 'A comes from its cache: the host has only B');

      // Declined: A goes on, and offers again on the next visit.
      await page.click('#update-later');
      assert.equal(await page.locator('#update-offer').count(), 0);
      await page.fill('#f-pooler-1-host', 'still-a');
      assert.match((await previewed(page))['pooler-1/pgbackrest.conf'], /^pg2-host=still-a$/m);
      await saved(page, 'still-a');
      await page.reload();
      await page.locator('#update-offer').waitFor();
      assert.equal(await runs(page), a);
      assert.equal(await page.locator('#f-pooler-1-host').inputValue(), 'still-a');

      // Accepted: the page reloads into B, B's JS and B's wasm, with the design.
      await Promise.all([page.waitForEvent('load'), page.click('#update-reload')]);
      await page.locator('article.file').nth(2).waitFor();
      assert.equal(await runs(page), b);
      const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      assert.ok(loaded.includes(`/build-${b}/pgbr-web.js`) && loaded.includes(`/build-${b}/pgbr-web_bg.wasm`), loaded.join(' '));
      assert.deepEqual(loaded.filter((p) => p.includes(`build-${a}`)), []);
      assert.equal(await page.locator('#f-pooler-1-host').inputValue(), 'still-a');
      assert.equal(await page.locator('#update-offer').count(), 0);
      assert.deepEqual(await caches(page), { [`pgbr-designer ${server.origin}/ ${b}`]: kept(siteB, server.origin + '/') });
    } finally {
      server.close();
    }
  });

  await t.test('the console stayed clean', () => {
    assert.deepEqual(problems, []);
  });
});
