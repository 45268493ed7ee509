// End-to-end: what the browser may throw at the designer. A full storage, corrupt or old saved
// data, damaged share links, imports of several megabytes and a 256-pooler design: each time the
// user is told, the design on screen stays and nothing already saved is lost. The timings are
// printed (t.diagnostic), never asserted. Run by scripts/test.d/50-web.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const KEY = 'pgbr-designer.design';
const ASIDE = 'pgbr-designer.set-aside';

/// Every file the preview shows, by path, as the text a download would hold.
const previewed = (page) => page.locator('article.file').evaluateAll((files) => Object.fromEntries(files.map((f) =>
  [f.dataset.path, [...f.querySelectorAll('.code .ln')].map((l) => l.textContent).join('\n') + '\n'])));
const saved = (page) => page.evaluate((k) => localStorage.getItem(k), KEY);
/// Makes every localStorage write fail as a full storage does.
const fillUp = () => {
  Storage.prototype.setItem = function () {
    throw new DOMException("Failed to execute 'setItem' on 'Storage': the quota has been exceeded.", 'QuotaExceededError');
  };
};

test('hostile input in the browser', async (t) => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/ is built (trunk build --release)');
  const server = await serve(dist);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgbr-e2e-hostile-'));
  const { context, close } = await launch();
  const foreign = [];
  const problems = [];
  context.on('request', (r) => {
    const u = r.url();
    if (u.startsWith('data:')) return;
    if (new URL(u.replace(/^blob:/, '')).origin !== server.origin) foreign.push(u);
  });
  const watch = (p) => {
    p.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    p.on('pageerror', (e) => problems.push(e.message));
    return p;
  };
  t.after(async () => { await close(); server.close(); fs.rmSync(tmp, { recursive: true, force: true }); });
  const page = watch(await context.newPage());
  /// A fresh start: nothing saved, the first example on screen.
  const fresh = async () => {
    await page.goto(server.origin + '/');
    // Once the app has rendered (and made its first save), or that save could land after this.
    await page.locator('#summary-title').waitFor();
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('article.file').nth(2).waitFor();
  };

  await t.test('a full storage: the user is told, the design stays, the last save is kept', async () => {
    await fresh();
    await page.fill('#f-pooler-0-host', 'saved-host');
    await page.waitForFunction((k) => localStorage.getItem(k)?.includes('saved-host'), KEY);
    const before = await saved(page);
    await page.evaluate(fillUp);
    await page.fill('#f-pooler-0-host', 'unsaved-host');
    await page.locator('.notice', { hasText: /could not be saved/ }).waitFor();
    assert.match(await page.locator('.notice').innerText(), /storage is full/);
    assert.equal(await page.locator('#f-pooler-0-host').inputValue(), 'unsaved-host');
    assert.match((await previewed(page))['pooler-2/pgbackrest.conf'], /^pg2-host=unsaved-host$/m);
    assert.equal(await saved(page), before, 'the previous save is untouched');
    // Dismissed, it stays quiet while the storage stays full; it says so when saving works again.
    await page.click('.notice button');
    await page.fill('#f-pooler-0-host', 'still-unsaved');
    assert.equal(await page.locator('.notice').count(), 0);
    await page.reload(); // a reload brings back the real setItem
    await page.locator('article.file').nth(2).waitFor();
    assert.equal(await page.locator('#f-pooler-0-host').inputValue(), 'saved-host', 'the last good save opens');
  });

  await t.test('a storage filled for real by something else', async () => {
    await fresh();
    const before = await saved(page);
    const filled = await page.evaluate(() => {
      let n = 0;
      for (let size = 4 << 20; size >= 1; size >>= 1) {
        for (;;) {
          try { localStorage.setItem(`filler-${n}`, 'x'.repeat(size)); n++; } catch { break; }
        }
      }
      return n;
    });
    assert.ok(filled > 0);
    await page.click('#hosts button.add');
    await page.locator('.notice', { hasText: /could not be saved/ }).waitFor();
    assert.equal(await page.locator('article.file').count(), 4);
    assert.equal(await saved(page), before);
    await page.evaluate(() => { for (const k of Object.keys(localStorage)) if (k.startsWith('filler-')) localStorage.removeItem(k); });
    await page.fill('#f-pooler-3-host', 'room-again');
    await page.locator('.notice', { hasText: /saved in this browser again/ }).waitFor();
    assert.match(await saved(page), /room-again/);
  });

  await t.test('unreadable saved data with no room to set it aside stays where it was', async () => {
    await fresh();
    await page.evaluate((k) => localStorage.setItem(k, '{"format":1,"save-secrets":false,"design":{"stan'), KEY);
    const full = watch(await context.newPage());
    await full.addInitScript(fillUp);
    // With a damaged link too: each problem has its own notice, neither hides the other.
    await full.goto(server.origin + '/#d=v1.!!!!');
    await full.locator('.notice', { hasText: /could not be read/ }).waitFor();
    assert.match(await full.locator('.notice', { hasText: /could not be read/ }).innerText(), /no room/);
    await full.locator('.notice', { hasText: /damaged/ }).waitFor();
    assert.equal(await full.locator('.notice').count(), 2);
    await full.fill('#f-pooler-0-host', 'not-saved');
    assert.equal(await full.evaluate((k) => localStorage.getItem(k), KEY), '{"format":1,"save-secrets":false,"design":{"stan');
    await full.close();
  });

  await t.test('the error banner\'s reset with no room to set the design aside leaves it whole', async () => {
    await fresh();
    await page.fill('#f-pooler-0-host', 'keep-me');
    await page.waitForFunction((k) => localStorage.getItem(k)?.includes('keep-me'), KEY);
    const before = await saved(page);
    const full = watch(await context.newPage());
    await full.addInitScript(fillUp);
    await full.goto(server.origin + '/?reset');
    await full.locator('.notice', { hasText: /without moving your saved design aside/ }).waitFor();
    assert.notEqual(await full.locator('#f-pooler-0-host').inputValue(), 'keep-me', 'the example opens');
    await full.fill('#f-pooler-0-host', 'not-saved');
    assert.equal(await full.evaluate((k) => localStorage.getItem(k), KEY), before, 'nothing saved over it');
    assert.equal(await full.evaluate((a) => localStorage.getItem(a), ASIDE), null);
    await full.close();
    // With room, the same link moves it aside, and a second reset keeps the first copy.
    await page.goto(server.origin + '/?reset');
    await page.locator('article.file').nth(2).waitFor();
    assert.equal(await page.evaluate((a) => localStorage.getItem(a), ASIDE), before);
    await page.fill('#f-pooler-0-host', 'second');
    await page.waitForFunction((k) => localStorage.getItem(k)?.includes('second'), KEY);
    const second = await saved(page);
    await page.goto(server.origin + '/?reset');
    await page.locator('article.file').nth(2).waitFor();
    assert.deepEqual(await page.evaluate((a) => [localStorage.getItem(a), localStorage.getItem(a + '.2')], ASIDE), [before, second]);
  });

  await t.test('a saved design with errors opens with its errors and says why no file is shown', async () => {
    await fresh();
    await page.fill('#f-pooler-0-host', 'bad host');
    await page.waitForFunction((k) => localStorage.getItem(k)?.includes('bad host'), KEY);
    await page.reload();
    await page.locator('.empty-files').waitFor();
    assert.match(await page.locator('.empty-files').innerText(), /errors/);
    assert.equal(await page.locator('article.file').count(), 0);
    await page.fill('#f-pooler-0-host', 'good-host');
    await page.locator('article.file').nth(2).waitFor();
    assert.equal(await page.locator('.empty-files').count(), 0);
  });

  await t.test('corrupt or old saved data is set aside and reported', async () => {
    await fresh();
    const good = JSON.parse(await saved(page));
    const cases = [
      ['truncated JSON', JSON.stringify(good).slice(0, 200), /EOF|could not be read/],
      ['an older shape (a bare design, no envelope)', JSON.stringify(good.design), /unknown field|missing field/],
      ['an unknown field', JSON.stringify({ ...good, extra: 1 }), /unknown field `extra`/],
      ['a newer format', JSON.stringify({ ...good, format: 9 }), /format 9/],
      ['a design of the wrong types', JSON.stringify({ ...good, design: { ...good.design, pooler: 'many' } }), /invalid type/],
      ['not JSON at all', '\u0000\u00ff binary', /could not be read/],
    ];
    for (const [what, text, why] of cases) {
      await page.evaluate(([k, v, a]) => { localStorage.setItem(k, v); localStorage.removeItem(a); }, [KEY, text, ASIDE]);
      await page.reload();
      await page.locator('.notice', { hasText: /could not be read/ }).waitFor();
      assert.match(await page.locator('.notice').innerText(), why, what);
      assert.equal(await page.evaluate((a) => localStorage.getItem(a), ASIDE), text, `${what}: kept aside`);
      assert.equal(await page.locator('article.file').count(), 3, `${what}: the example opens`);
    }
  });

  await t.test('a cut, flipped or unknown share link says why and keeps the design', async () => {
    await fresh();
    await page.fill('#f-pooler-2-host', 'kept-design');
    await page.click('#share-link');
    const link = await page.locator('#share-url').inputValue();
    const data = link.split('#d=v1.')[1];
    const before = await previewed(page);
    const flipped = [...data].map((c, i) => (i % 7 === 3 ? (c === 'A' ? 'B' : 'A') : c)).join('');
    for (const [hash, why] of [
      [`#d=v1.${data.slice(0, data.length >> 1)}`, /damaged/],
      [`#d=v1.${flipped}`, /damaged/],
      [`#d=v9.${data}`, /newer designer/],
      ['#d=v1.!!!!', /damaged/],
      ['#d=v1.', /damaged|empty/],
    ]) {
      await page.goto(server.origin + '/' + hash);
      await page.locator('.notice', { hasText: why }).waitFor();
      assert.deepEqual(await previewed(page), before, hash.slice(0, 20));
      await page.click('.notice button');
    }
  });

  await t.test('imports of several megabytes answer and keep the design', async () => {
    await fresh();
    await page.fill('#f-pooler-0-host', 'before-import');
    const before = await previewed(page);
    await page.locator('#import summary').click();
    let seed = 7;
    const rand = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
    const junk = Buffer.from(Array.from({ length: 5 << 20 }, () => 32 + (rand() % 95)));
    const comment = '# ' + 'lorem ipsum dolor sit amet '.repeat(3) + '\n';
    const block = comment.repeat(Math.ceil((1 << 20) / comment.length));
    const conf = `${block}[main]\n${block}pg1-path=/var/lib/postgresql/16/main\n${block}[global]\nrepo1-path=/srv/backup\n`;
    /// Milliseconds from handing the file over to the import's message, and the longest the
    /// page's main thread was then blocked.
    const timed = async (name, buffer, expect) => {
      await page.evaluate(() => { window.__longest = 0; window.__observer = new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }); window.__observer.observe({ type: 'longtask' }); });
      const t0 = Date.now();
      await page.setInputFiles('#import-files', { name, mimeType: 'text/plain', buffer });
      await page.locator('#import-result', { hasText: expect }).waitFor({ timeout: 60000 });
      const ms = Date.now() - t0;
      const longest = await page.evaluate(() => { window.__observer.disconnect(); return window.__longest; });
      t.diagnostic(`import ${name} (${(buffer.length / 1048576).toFixed(1)} MB): message after ${ms} ms, longest main-thread block ${longest.toFixed(0)} ms`);
    };
    await timed('junk.conf', junk, /^Nothing/);
    assert.deepEqual(await previewed(page), before, 'junk keeps the design');
    await timed('huge.toml', junk, /huge\.toml/);
    assert.deepEqual(await previewed(page), before, 'a huge design file keeps the design');
    await timed('pgbackrest.conf', Buffer.from(conf), /Imported 1 file/);
    assert.match((await previewed(page))[Object.keys(await previewed(page))[0]], /^pg1-path=\/var\/lib\/postgresql\/16\/main$/m);
    // Pasted: the same junk in the text box.
    await page.click('#undo');
    await page.evaluate((text) => {
      const area = document.getElementById('import-text');
      area.value = text;
      area.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }, junk.toString('latin1'));
    const t0 = Date.now();
    await page.click('#import-paste');
    await page.locator('#import-result .error').waitFor({ timeout: 60000 });
    t.diagnostic(`import 5.0 MB pasted junk: message after ${Date.now() - t0} ms`);
    assert.match(await page.locator('#import-result').innerText(), /^Nothing/);
    assert.equal(await page.locator('#f-pooler-0-host').inputValue(), 'before-import');
    await page.fill('#import-text', '');
  });

  await t.test('a 256-pooler design opens and stays responsive', async () => {
    await fresh();
    const design = JSON.parse(await saved(page)).design;
    const first = design.pooler[0];
    design.pooler = Array.from({ length: 256 }, (_, i) => ({ ...first, name: `pooler-${i + 1}`, host: `replica${i + 1}` }));
    const file = path.join(tmp, 'pool256.json');
    fs.writeFileSync(file, JSON.stringify(design));
    const t0 = Date.now();
    await page.setInputFiles('#open-design', file);
    await page.locator('article.file').nth(255).waitFor({ timeout: 120000 });
    const opened = Date.now() - t0;
    assert.equal(await page.locator('article.file').count(), 256);
    // Keystroke to preview: one character in pooler 2's host, until pooler-1's file (in view;
    // the columns out of view render when scrolled to) shows it.
    const times = await page.evaluate(async () => {
      const input = document.getElementById('f-pooler-1-host');
      const file = document.querySelector('article.file[data-path="pooler-1/pgbackrest.conf"] .code');
      const out = [];
      for (let k = 1; k <= 3; k++) {
        const host = 'replica2' + 'x'.repeat(k);
        const t0 = performance.now();
        input.value = host;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, data: 'x', inputType: 'insertText' }));
        while (!file.textContent.includes(`pg2-host=${host}`)) {
          if (performance.now() - t0 > 60000) throw new Error(`no pg2-host=${host} after 60 s`);
          await new Promise((r) => setTimeout(r, 0));
        }
        void document.body.offsetHeight;
        out.push(performance.now() - t0);
      }
      return out;
    });
    t.diagnostic(`256 poolers: open design file to 256 columns ${opened} ms; keystroke to preview laid out ${times.map((x) => x.toFixed(0)).join(', ')} ms`);
    // The design is saved after the render that shows it: wait for that save, not for a
    // moment, before reloading.
    await page.waitForFunction(() => (localStorage.getItem('pgbr-designer.design') ?? '').includes('"replica2xxx"'), null, { timeout: 60000 });
    const t1 = Date.now();
    await page.reload();
    await page.locator('article.file').nth(255).waitFor({ timeout: 120000 });
    t.diagnostic(`256 poolers: reload to 256 columns ${Date.now() - t1} ms`);
    assert.equal(await page.locator('#f-pooler-1-host').inputValue(), 'replica2xxx');
  });

  await t.test('no request left the origin and the console stayed clean', () => {
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
  });
});
