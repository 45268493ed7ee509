// End-to-end: share links, import, undo/redo, presets, the standby-pick simulator and embed
// mode, on the built dist/ in Chromium, checked against the CLI. Run by scripts/test.d/50-web.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const pgbr = path.join(root, 'target/debug/pgbr');
const EXAMPLES = ['multigres-three-poolers', 'tls-guide-repo-host', 'five-replicas-two-zones'];

const cli = (...args) => execFileSync(pgbr, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const listFiles = (dir, base = dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]).sort();

/// Every file the preview shows, by path, as the text a download would hold.
const previewed = (page) => page.locator('article.file').evaluateAll((files) => Object.fromEntries(files.map((f) =>
  [f.dataset.path, [...f.querySelectorAll('.code .ln')].map((l) => l.innerText).join('\n') + '\n'])));

test('share, import, undo, presets, simulator, embed', async (t) => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/ is built (trunk build --release)');
  assert.ok(fs.existsSync(pgbr), 'target/debug/pgbr is built (cargo build -p pgbr-cli)');
  const server = await serve(dist);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgbr-e2e-features-'));
  const origins = new Set([server.origin]);
  const foreign = [];
  const problems = [];
  const browsers = [];
  const open = async () => {
    const b = await launch();
    browsers.push(b);
    b.context.on('request', (r) => {
      const u = r.url();
      if (u.startsWith('data:')) return;
      if (!origins.has(new URL(u.replace(/^blob:/, '')).origin)) foreign.push(u);
    });
    const page = await b.context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    return { ...b, page };
  };
  t.after(async () => { for (const b of browsers) await b.close(); server.close(); });
  const { context, page } = await open();
  await page.goto(server.origin + '/');
  await page.locator('article.file').nth(2).waitFor();

  // The design written by the CLI for each example, and its files.
  const cliOut = {};
  for (const e of EXAMPLES) {
    const design = path.join(tmp, `${e}.toml`);
    fs.writeFileSync(design, cli('example', e));
    cli('generate', design, '--out', path.join(tmp, e));
    cliOut[e] = { design, dir: path.join(tmp, e), files: listFiles(path.join(tmp, e)) };
  }

  await t.test('presets load in one click each', async () => {
    for (const e of [...EXAMPLES].reverse()) {
      await page.click(`button[data-preset="${e}"]`);
      const shown = await previewed(page);
      for (const f of cliOut[e].files.filter((f) => f.endsWith('.conf'))) {
        assert.equal(shown[f], fs.readFileSync(path.join(cliOut[e].dir, f), 'utf8'), `${e}: ${f}`);
      }
    }
  });

  await t.test('each option says what it does and its pgBackRest name', async () => {
    await page.click('button[data-preset="five-replicas-two-zones"]');
    const label = page.locator('label[for="f-repo-0-retention-full"]');
    assert.match(await label.locator('code.opt-name').innerText(), /^repo-retention-full$/);
    assert.ok((await label.getAttribute('title')).length > 10);
    const hint = await page.locator('#f-repo-0-retention-full').locator('xpath=ancestor::div[contains(@class,"option")]//small').innerText();
    assert.equal(hint, await label.getAttribute('title'));
    assert.match(await page.locator('#hosts thead th', { hasText: 'Socket path' }).innerText(), /pgN-socket-path/);
  });

  await t.test('undo and redo: buttons and Ctrl+Z / Shift+Ctrl+Z', async () => {
    await page.click('button[data-preset="multigres-three-poolers"]');
    await page.fill('#f-pooler-1-host', 'db-two');
    await page.click('#undo');
    assert.equal(await page.locator('#f-pooler-1-host').inputValue(), 'replica2');
    await page.click('#redo');
    assert.equal(await page.locator('#f-pooler-1-host').inputValue(), 'db-two');
    await page.click('button[aria-label="Remove pooler-3"]');
    assert.equal(await page.locator('#hosts tbody tr').count(), 2);
    await page.focus('#f-pooler-0-name');
    await page.keyboard.press('Control+z');
    assert.equal(await page.locator('#hosts tbody tr').count(), 3);
    await page.keyboard.press('Control+z');
    assert.equal(await page.locator('#f-pooler-1-host').inputValue(), 'replica2');
    await page.keyboard.press('Control+Shift+z');
    assert.equal(await page.locator('#f-pooler-1-host').inputValue(), 'db-two');
    assert.match((await previewed(page))['pooler-1/pgbackrest.conf'], /^pg2-host=db-two$/m);
  });

  let shared;
  await t.test('a share link opens the same design in a fresh browser, byte for byte', async () => {
    await page.click('button[data-preset="multigres-three-poolers"]');
    await page.fill('#f-pooler-2-host', 'db-three');
    await page.click('#hosts button.add');
    await page.selectOption('#f-peer-order', 'rotate');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await page.click('#share-link');
    shared = await page.locator('#share-url').inputValue();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shared);
    assert.match(shared, new RegExp(`^${server.origin}/#d=v1\\.[A-Za-z0-9_-]+$`), 'the design is in the fragment only');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-zip')]);
    const sourceZip = path.join(tmp, 'source.zip');
    await download.saveAs(sourceZip);

    const fresh = await open();
    await fresh.page.goto(shared);
    await fresh.page.locator('article.file').nth(3).waitFor();
    assert.equal(await fresh.page.locator('#f-pooler-2-host').inputValue(), 'db-three');
    assert.equal(new URL(fresh.page.url()).hash, '', 'the design leaves the address once open');
    const [d2] = await Promise.all([fresh.page.waitForEvent('download'), fresh.page.click('#download-zip')]);
    const freshZip = path.join(tmp, 'fresh.zip');
    await d2.saveAs(freshZip);
    assert.ok(fs.readFileSync(freshZip).equals(fs.readFileSync(sourceZip)), 'the zips are identical');
    execFileSync('unzip', ['-q', '-o', freshZip, '-d', path.join(tmp, 'fresh')]);
    cli('generate', path.join(tmp, 'fresh', 'design.toml'), '--out', path.join(tmp, 'fresh-cli'));
    const shown = await previewed(fresh.page);
    const files = listFiles(path.join(tmp, 'fresh-cli'));
    assert.equal(files.length, 4);
    for (const f of files) assert.equal(shown[f], fs.readFileSync(path.join(tmp, 'fresh-cli', f), 'utf8'), f);
    await fresh.page.reload();
    await fresh.page.locator('article.file').nth(3).waitFor();
    assert.equal(await fresh.page.locator('#f-pooler-2-host').inputValue(), 'db-three', 'kept after a reload');
  });

  await t.test('a link never carries a secret', async () => {
    await page.click('button[data-preset="five-replicas-two-zones"]');
    const secret = page.locator('[id$="-s3-key-secret"]');
    assert.equal(await secret.inputValue(), 'example-secret-replace-me');
    await page.click('#share-link');
    assert.match(await page.locator('.share [role=status]').innerText(), /Secret values are left out/);
    const link = await page.locator('#share-url').inputValue();
    const other = await context.newPage();
    await other.goto(link);
    await other.locator('[id$="-s3-key-secret"]').waitFor();
    assert.equal(await other.locator('[id$="-s3-key-secret"]').inputValue(), '');
    assert.match(await other.locator('#summary-title').innerText(), /error/, 'the secret must be entered again');
    await other.close();
    await page.click('button[data-preset="multigres-three-poolers"]');
  });

  await t.test('a damaged or too-new link says why and leaves the design', async () => {
    await page.fill('#f-pooler-2-host', 'before-the-link');
    const before = await previewed(page);
    const [, data] = shared.split('#d=v1.');
    for (const [hash, why] of [[`#d=v1.${data.slice(0, -12)}`, /damaged/], [`#d=v7.${data}`, /newer designer/]]) {
      await page.goto(server.origin + '/' + hash);
      await page.locator('.notice', { hasText: why }).waitFor();
      assert.deepEqual(await previewed(page), before);
      await page.click('.notice button');
    }
    // The same at start, on a page opened with the link.
    const other = await context.newPage();
    other.on('pageerror', (e) => problems.push(e.message));
    await other.goto(server.origin + `/#d=v7.${data}`);
    await other.locator('.notice', { hasText: /newer designer/ }).waitFor();
    assert.equal(await other.locator('#f-pooler-2-host').inputValue(), 'before-the-link');
    await other.close();
  });

  await t.test("importing each example's generated files reproduces the design", async () => {
    await page.locator('#import summary').click();
    for (const e of EXAMPLES) {
      await page.click(`button[data-preset="${e === EXAMPLES[0] ? EXAMPLES[1] : EXAMPLES[0]}"]`);
      const { dir, files } = cliOut[e];
      await page.setInputFiles('#import-files', files.map((f) => path.join(dir, f)));
      await page.locator('#import-result', { hasText: `Imported ${files.length} files` }).waitFor();
      // The previews follow the import on the next render: wait for every file's column.
      for (const f of files.filter((f) => f.endsWith('.conf'))) {
        await page.locator(`article.file[data-path="${f}"] .code .ln`).first().waitFor();
      }
      const shown = await previewed(page);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-zip')]);
      const zip = path.join(tmp, `import-${e}.zip`);
      await download.saveAs(zip);
      execFileSync('unzip', ['-q', '-o', zip, '-d', path.join(tmp, `import-${e}`)]);
      for (const f of files) {
        assert.ok(fs.readFileSync(path.join(tmp, `import-${e}`, f)).equals(fs.readFileSync(path.join(dir, f))), `${e}: ${f}`);
        if (f.endsWith('.conf')) assert.equal(shown[f], fs.readFileSync(path.join(dir, f), 'utf8'), `${e}: ${f}`);
      }
    }
    // A design file imports too.
    await page.setInputFiles('#import-files', cliOut[EXAMPLES[1]].design);
    await page.locator('#import-result', { hasText: 'Imported 1 file' }).waitFor();
    assert.ok((await previewed(page))['backup-srv/pgbackrest.conf']);
  });

  await t.test('garbage import says why and leaves the design untouched', async () => {
    await page.click('button[data-preset="multigres-three-poolers"]');
    await page.fill('#f-pooler-0-host', 'kept-host');
    const before = await previewed(page);
    for (const garbage of ['this is not a config file', '\u0000\u0001\u0002 binary', '[[pooler]]\nname = 3\n', '{"stanza": 1}']) {
      await page.fill('#import-text', garbage);
      await page.click('#import-paste');
      await page.locator('#import-result .error').waitFor();
      assert.match(await page.locator('#import-result').innerText(), /^Nothing/);
      assert.deepEqual(await previewed(page), before, garbage);
      assert.equal(await page.locator('#f-pooler-0-host').inputValue(), 'kept-host');
    }
    fs.writeFileSync(path.join(tmp, 'bad.toml'), 'stanza = [\n');
    await page.setInputFiles('#import-files', path.join(tmp, 'bad.toml'));
    await page.locator('#import-result', { hasText: 'bad.toml' }).waitFor();
    assert.deepEqual(await previewed(page), before);
    // Pasted text from elsewhere: imported, with what could not be mapped listed.
    await page.fill('#import-text', '[main]\npg1-path=/var/lib/postgresql/15/main\nfrobnicate=1\n\n[global]\nrepo1-path=/srv/backup\n');
    await page.click('#import-paste');
    await page.locator('#import-result .unmapped li', { hasText: 'frobnicate' }).waitFor();
    assert.match((await previewed(page))[Object.keys(await previewed(page))[0]], /^pg1-path=\/var\/lib\/postgresql\/15\/main$/m);
  });

  await t.test('the simulator agrees with `pgbr simulate` on a primary/down matrix', async () => {
    await page.click('button[data-preset="multigres-three-poolers"]');
    const design = cliOut[EXAMPLES[0]].design;
    const poolers = ['pooler-1', 'pooler-2', 'pooler-3'];
    let cases = 0;
    for (let p = 0; p < 3; p++) {
      for (const down of [[], ...[0, 1, 2].filter((d) => d !== p).map((d) => [d]), [0, 1, 2].filter((d) => d !== p)]) {
        for (let i = 0; i < 3; i++) {
          await page.selectOption(`#sim-role-${i}`, i === p ? 'primary' : down.includes(i) ? 'down' : 'standby');
        }
        const rows = await page.locator('#simulator tbody tr').evaluateAll((trs) =>
          trs.map((tr) => `${tr.dataset.path}\t${tr.querySelector('td').innerText}`).join('\n') + '\n');
        const args = ['simulate', design, '--primary', poolers[p], ...down.flatMap((d) => ['--down', poolers[d]])];
        assert.equal(rows, cli(...args), args.join(' '));
        cases++;
      }
    }
    assert.equal(cases, 12);
    // Everything down but the primary: with backup-standby=y, pgBackRest's own error.
    assert.match(await page.locator('#simulator tbody td').first().innerText(), /^ERROR: /);
  });

  await t.test('embed mode: no page chrome, preset or link from the address, saved work untouched', async () => {
    const saved = await page.evaluate(() => localStorage.getItem('pgbr-designer.design'));
    const embed = await context.newPage();
    embed.on('pageerror', (e) => problems.push(e.message));
    await embed.goto(server.origin + '/?embed=1&preset=tls-guide-repo-host');
    await embed.locator('article.file[data-path="backup-srv/pgbackrest.conf"]').waitFor();
    assert.equal(await embed.locator('header.toolbar').count(), 0);
    assert.equal(await embed.locator('h1').count(), 0);
    assert.equal(await embed.locator('#import').count(), 0);
    assert.ok(await embed.locator('.embed-bar').isVisible());
    await embed.fill('#f-stanza', 'embedded');
    assert.equal(await page.evaluate(() => localStorage.getItem('pgbr-designer.design')), saved, 'embed mode never saves');
    await embed.goto(server.origin + '/#embed&' + shared.split('#')[1]);
    await embed.locator('article.file').nth(3).waitFor();
    assert.equal(await embed.locator('#f-pooler-2-host').inputValue(), 'db-three');
    assert.equal(await embed.locator('header.toolbar').count(), 0);
    await embed.close();
  });

  await t.test('the documented iframe snippet works from a docs site sub-path', async () => {
    const doc = fs.readFileSync(path.join(root, 'docs/embed-designer.md'), 'utf8');
    const snippet = doc.match(/```html\n([\s\S]*?)```/)[1];
    assert.match(snippet, /<iframe/);
    const site = fs.mkdtempSync(path.join(os.tmpdir(), 'pgbr-e2e-docs-'));
    fs.cpSync(dist, path.join(site, 'tools', 'pgbr'), { recursive: true });
    fs.mkdirSync(path.join(site, 'guide'));
    fs.writeFileSync(path.join(site, 'guide', 'index.html'),
      `<!DOCTYPE html><html><body><h1>Backups</h1>\n${snippet.replaceAll('/tools/pgbr/', '../tools/pgbr/')}</body></html>`);
    const docs = await serve(site);
    origins.add(docs.origin);
    try {
      const reader = await context.newPage();
      reader.on('pageerror', (e) => problems.push(e.message));
      const seen = [];
      reader.on('request', (r) => seen.push(r.url()));
      await reader.goto(docs.origin + '/guide/');
      const frame = reader.frameLocator('iframe');
      await frame.locator('article.file').first().waitFor();
      assert.equal(await frame.locator('header.toolbar').count(), 0);
      assert.ok(await frame.locator('.embed-bar').isVisible());
      assert.ok(seen.every((u) => u.startsWith(docs.origin + '/')), seen.join(' '));
      await reader.close();
    } finally {
      docs.close();
    }
  });

  await t.test('no request left the origin and the console stayed clean', () => {
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
  });
});
