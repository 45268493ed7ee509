// End-to-end: the built dist/ in a real browser, compared with the CLI byte for byte.
// Run by scripts/test.d/50-web.sh (which builds dist/ and target/debug/pgbr first).
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
const shots = path.join(root, 'docs/screenshots');

const fileText = (page, p) => page.locator(`article.file[data-path="${p}"] .code`).innerText();
const order = (page, p) => page.locator(`article.file[data-path="${p}"] .order li`).allInnerTexts();
const unzip = (zip, dir) => { fs.mkdirSync(dir, { recursive: true }); execFileSync('unzip', ['-q', '-o', zip, '-d', dir]); };
const listFiles = (dir, base = dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]).sort();

test('the designer, end to end', async (t) => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/ is built (trunk build --release)');
  assert.ok(fs.existsSync(pgbr), 'target/debug/pgbr is built (cargo build -p pgbr-cli)');
  const server = await serve(dist);
  const { context, close } = await launch();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgbr-e2e-out-'));
  const foreign = [];
  const origins = new Set([server.origin]);
  const problems = [];
  context.on('request', (r) => {
    const u = r.url();
    if (!origins.has(new URL(u.replace(/^blob:/, '')).origin)) foreign.push(u);
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  t.after(async () => { await close(); server.close(); });

  await t.test('opens on the three-pooler example with every file', async () => {
    await page.goto(server.origin + '/');
    await page.locator('article.file').nth(2).waitFor();
    assert.equal(await page.locator('#summary-title').innerText(), 'No problems found');
    assert.deepEqual(await page.locator('article.file').evaluateAll((a) => a.map((e) => e.dataset.path)),
      ['pooler-1/pgbackrest.conf', 'pooler-2/pgbackrest.conf', 'pooler-3/pgbackrest.conf']);
    assert.deepEqual(await order(page, 'pooler-2/pgbackrest.conf'), ['pg1 pooler-2 · local', 'pg2 pooler-1', 'pg3 pooler-3']);
    // Every pgN block is tinted with its replica's colour, in every file.
    const cls = await page.locator('article.file[data-path="pooler-2/pgbackrest.conf"] .ln', { hasText: 'pg2-path=' }).getAttribute('class');
    assert.match(cls, /\br0\b/);
    const own = await page.locator('article.file[data-path="pooler-2/pgbackrest.conf"] .ln', { hasText: 'pg1-path=' }).getAttribute('class');
    assert.match(own, /\br1\b/);
    assert.match(own, /\bown\b/);
  });

  await t.test('editing a host updates every preview on the keystroke', async () => {
    await page.fill('#f-pooler-1-host', 'db-two');
    assert.match(await fileText(page, 'pooler-1/pgbackrest.conf'), /^pg2-host=db-two$/m);
    assert.match(await fileText(page, 'pooler-3/pgbackrest.conf'), /^pg3-host=db-two$/m);
    assert.match(await fileText(page, 'pooler-2/pgbackrest.conf'), /^tls-server-cert-file=\/etc\/pgbackrest\/certs\/db-two\.crt$/m);
  });

  await t.test('reordering the hosts changes the highlighted pg order', async () => {
    await page.click('button[aria-label="Move pooler-3 up"]');
    assert.deepEqual(await order(page, 'pooler-1/pgbackrest.conf'), ['pg1 pooler-1 · local', 'pg2 pooler-3', 'pg3 pooler-2']);
    const pg2 = page.locator('article.file[data-path="pooler-1/pgbackrest.conf"] .ln', { hasText: 'pg2-host=' });
    assert.equal(await pg2.innerText(), 'pg2-host=replica3');
    assert.match(await pg2.getAttribute('class'), /\br1\b/, 'pooler-3 is now second in the table: colour 1');
    await page.selectOption('#f-peer-order', 'rotate');
    assert.deepEqual(await order(page, 'pooler-3/pgbackrest.conf'), ['pg1 pooler-3 · local', 'pg2 pooler-2', 'pg3 pooler-1']);
  });

  await t.test('a validation error shows beside its field, blocks downloads, and clears when fixed', async () => {
    await page.fill('#f-pooler-2-host', 'replica1');
    await page.locator('#f-pooler-2-host-msg li.error').waitFor();
    assert.match(await page.locator('#f-pooler-2-host-msg').innerText(), /already the host of pooler\[0\]/);
    assert.equal(await page.locator('#f-pooler-2-host').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#summary-title').innerText(), /^1 error/);
    assert.ok(await page.locator('#download-zip').isDisabled());
    assert.ok(await page.locator('.preview.stale').isVisible());
    await page.fill('#f-pooler-2-host', 'db-two');
    assert.equal(await page.locator('#summary-title').innerText(), 'No problems found');
    assert.ok(await page.locator('#download-zip').isEnabled());
    assert.equal(await page.locator('#f-pooler-2-host-msg li').count(), 0);
  });

  await t.test('hovering a line says why it is there', async () => {
    await page.locator('article.file[data-path="pooler-1/pgbackrest.conf"] .ln', { hasText: 'repo1-path=' }).hover();
    const why = await page.locator('aside.why').innerText();
    assert.match(why, /pooler-1\/pgbackrest\.conf:\d+/);
    assert.match(why, /repo-path/);
    assert.equal(await page.locator('aside.why a.opt-name').getAttribute('href'),
      'https://pgbackrest.org/configuration.html#section-repository/option-repo-path');
  });

  await t.test('the zip is byte-identical to `pgbr generate --zip` of the same design', async () => {
    await page.screenshot({ path: path.join(tmp, 'before-download.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-zip')]);
    assert.equal(download.suggestedFilename(), 'multigres-pgbackrest.zip');
    const webZip = path.join(tmp, 'web.zip');
    await download.saveAs(webZip);
    unzip(webZip, path.join(tmp, 'web'));
    const design = path.join(tmp, 'web', 'design.toml');
    assert.match(fs.readFileSync(design, 'utf8'), /host = "db-two"/);
    const cliZip = path.join(tmp, 'cli.zip');
    execFileSync(pgbr, ['generate', design, '--zip', cliZip], { stdio: 'pipe' });
    unzip(cliZip, path.join(tmp, 'cli'));
    const names = listFiles(path.join(tmp, 'web'));
    assert.deepEqual(names, listFiles(path.join(tmp, 'cli')));
    assert.ok(names.includes('pooler-1/pgbackrest.conf') && names.includes('README.md'), names.join(' '));
    for (const n of names) {
      assert.ok(fs.readFileSync(path.join(tmp, 'web', n)).equals(fs.readFileSync(path.join(tmp, 'cli', n))), `${n} differs`);
    }
    assert.ok(fs.readFileSync(webZip).equals(fs.readFileSync(cliZip)), 'the zip files themselves are identical');
    // One file on its own, and on the clipboard: the same bytes.
    const [one] = await Promise.all([page.waitForEvent('download'), page.click('button[aria-label="Download pooler-2/pgbackrest.conf"]')]);
    assert.equal(one.suggestedFilename(), 'pooler-2-pgbackrest.conf');
    await one.saveAs(path.join(tmp, 'one.conf'));
    const cliOne = fs.readFileSync(path.join(tmp, 'cli', 'pooler-2/pgbackrest.conf'));
    assert.ok(fs.readFileSync(path.join(tmp, 'one.conf')).equals(cliOne));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await page.click('button[aria-label="Copy pooler-2/pgbackrest.conf"]');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), cliOne.toString('utf8'));
    // The preview shows exactly the file that is downloaded.
    const shown = await page.locator('article.file[data-path="pooler-1/pgbackrest.conf"] .code .ln').allInnerTexts();
    assert.equal(shown.join('\n') + '\n', fs.readFileSync(path.join(tmp, 'cli', 'pooler-1/pgbackrest.conf'), 'utf8'));
  });

  await t.test('the design file from the zip opens in the designer; a broken one is reported', async () => {
    await page.click('button[data-preset="multigres-three-poolers"]');
    await page.waitForFunction(() => document.getElementById('f-pooler-1-host').value === 'replica2');
    await page.setInputFiles('#open-design', path.join(tmp, 'web', 'design.toml'));
    await page.waitForFunction(() => document.getElementById('f-pooler-2-host').value === 'db-two');
    assert.equal(await page.locator('#f-peer-order').inputValue(), 'rotate');
    fs.writeFileSync(path.join(tmp, 'bad.toml'), 'stanza = 1\n');
    await page.setInputFiles('#open-design', path.join(tmp, 'bad.toml'));
    await page.locator('.notice').waitFor();
    assert.match(await page.locator('.notice').innerText(), /bad\.toml could not be opened/);
    assert.equal(await page.locator('#f-pooler-2-host').inputValue(), 'db-two', 'the design is unchanged');
    await page.click('.notice button');
  });

  await t.test('a reload restores the design', async () => {
    await page.reload();
    await page.locator('article.file').nth(2).waitFor();
    assert.equal(await page.locator('#f-pooler-0-host').inputValue(), 'replica1');
    assert.equal(await page.locator('#f-pooler-1-host').inputValue(), 'replica3');
    assert.equal(await page.locator('#f-pooler-2-host').inputValue(), 'db-two');
    assert.equal(await page.locator('#f-peer-order').inputValue(), 'rotate');
    // The picture for the README: the pg blocks in view, one line's explanation showing.
    fs.mkdirSync(shots, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 380));
    await page.locator('article.file[data-path="pooler-1/pgbackrest.conf"] .ln', { hasText: 'pg2-host=' }).hover();
    await page.screenshot({ path: path.join(shots, 'designer.png') });
  });

  await t.test('corrupt saved data is reported and set aside, never a blank page', async () => {
    await page.evaluate(() => localStorage.setItem('pgbr-designer.design', '{"format": 1, "design": oops'));
    await page.reload();
    await page.locator('.notice').waitFor();
    assert.match(await page.locator('.notice').innerText(), /could not be read/);
    assert.equal(await page.locator('article.file').count(), 3);
    assert.equal(await page.evaluate(() => localStorage.getItem('pgbr-designer.set-aside')), '{"format": 1, "design": oops');
  });

  await t.test('every shipped example opens without errors; Alt+↓ and dragging move a host', async () => {
    for (const [i, extra] of [['tls-guide-repo-host', 1], ['five-replicas-two-zones', 0], ['multigres-three-poolers', 0]]) {
      await page.click(`button[data-preset="${i}"]`);
      await page.locator('article.file').first().waitFor();
      assert.doesNotMatch(await page.locator('#summary-title').innerText(), /^[1-9]\d* error/);
      const configs = await page.locator('article.file[data-path$="pgbackrest.conf"]').count();
      assert.equal(configs, (await page.locator('#hosts tbody tr').count()) + extra, `example ${i}`);
    }
    await page.focus('#f-pooler-0-name');
    await page.keyboard.press('Alt+ArrowDown');
    assert.equal(await page.locator('#f-pooler-1-name').inputValue(), 'pooler-1');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-pooler-1-name');
    assert.deepEqual(await order(page, 'pooler-1/pgbackrest.conf'), ['pg1 pooler-1 · local', 'pg2 pooler-2', 'pg3 pooler-3']);
    // Dragging the third row's number onto the first row moves it there.
    await page.dragAndDrop('#hosts tbody tr:nth-child(3) th', '#hosts tbody tr:nth-child(1) th');
    assert.equal(await page.locator('#f-pooler-0-name').inputValue(), 'pooler-3');
    assert.deepEqual(await order(page, 'pooler-1/pgbackrest.conf'), ['pg1 pooler-1 · local', 'pg2 pooler-3', 'pg3 pooler-2']);
  });

  await t.test('dist/ works under any sub-path', async () => {
    const site = fs.mkdtempSync(path.join(os.tmpdir(), 'pgbr-e2e-site-'));
    fs.cpSync(dist, path.join(site, 'tools', 'pgbr'), { recursive: true });
    const sub = await serve(site);
    origins.add(sub.origin);
    try {
      const other = await context.newPage();
      other.on('pageerror', (e) => problems.push(e.message));
      other.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      const seen = [];
      other.on('request', (r) => seen.push(r.url()));
      await other.goto(sub.origin + '/tools/pgbr/');
      await other.locator('article.file').nth(2).waitFor();
      assert.ok(seen.every((u) => u.startsWith(sub.origin + '/tools/pgbr/')), seen.join(' '));
      await other.close();
    } finally {
      sub.close();
    }
  });

  await t.test('no request left the origin and the console stayed clean', () => {
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
  });
});
