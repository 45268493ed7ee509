// End-to-end: the order overview, the focused view and the side-by-side diff, at 3 and 128
// poolers, against the files `pgbr generate` writes for the same design.
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
const KEY = 'pgbr-designer.design';

/// What `pgbr generate` writes for the design the page has saved: { path: lines }.
function cliFiles(tmp, saved) {
  const dir = fs.mkdtempSync(path.join(tmp, 'cli-'));
  const design = path.join(dir, 'design.json');
  fs.writeFileSync(design, JSON.stringify(JSON.parse(saved).design));
  execFileSync(pgbr, ['generate', design, '--out', path.join(dir, 'out')], { stdio: 'pipe' });
  const files = {};
  for (const name of fs.readdirSync(path.join(dir, 'out'))) {
    const f = path.join(dir, 'out', name, 'pgbackrest.conf');
    if (fs.existsSync(f)) files[`${name}/pgbackrest.conf`] = fs.readFileSync(f, 'utf8').replace(/\n$/, '').split('\n');
  }
  return files;
}

/// The pg order the CLI's file gives: its `# pgN: NAME on HOST` block comments, in order.
const cliOrder = (lines) => lines.map((l) => /^# pg(\d+): (\S+) on /.exec(l)).filter(Boolean).map((m) => m[2]);

/// Every row of the overview grid, scrolling it from top to bottom: { path: [cell names] }.
async function gridRows(page) {
  const rows = {};
  for (let top = 0; ; top += 20 * 26) {
    const done = await page.evaluate(async (top) => {
      const box = document.querySelector('.overview-scroll');
      box.scrollTop = top;
      box.dispatchEvent(new Event('scroll'));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return box.scrollTop + box.clientHeight >= box.scrollHeight - 1 || box.scrollTop < top;
    }, top);
    const seen = await page.locator('.overview-grid tbody tr[data-path]').evaluateAll((trs) => trs.map((tr) => [
      tr.dataset.path,
      [...tr.querySelectorAll('td')].map((td) => ({ name: td.querySelector('.nm').textContent, own: td.classList.contains('own'), local: td.textContent.includes('· local') })),
    ]));
    for (const [p, cells] of seen) rows[p] = cells;
    if (done) break;
  }
  return rows;
}

function assertGridMatchesCli(grid, files) {
  assert.deepEqual(Object.keys(grid).sort(), Object.keys(files).sort());
  for (const [p, lines] of Object.entries(files)) {
    const own = p.split('/')[0];
    assert.deepEqual(grid[p].map((c) => c.name), cliOrder(lines), `${p}: the grid's row is the file's pg order`);
    assert.deepEqual(grid[p].map((c) => c.own), grid[p].map((c, k) => k === 0), `${p}: only pg1 is marked local`);
    assert.equal(grid[p][0].name, own);
    assert.ok(grid[p][0].local, `${p}: pg1 says local`);
  }
}

test('the order overview, the focused view and the diff', async (t) => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/ is built (trunk build --release)');
  assert.ok(fs.existsSync(pgbr), 'target/debug/pgbr is built (cargo build -p pgbr-cli)');
  const server = await serve(dist);
  const { context, close } = await launch({ viewport: { width: 1280, height: 900 } });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgbr-e2e-overview-'));
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  t.after(async () => { await close(); server.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

  await page.goto(server.origin + '/');
  await page.locator('.overview-grid tbody tr').nth(2).waitFor();

  await t.test('3 poolers: one row per file, the cells in core\'s pg order', async () => {
    await page.selectOption('#f-peer-order', 'rotate');
    await page.locator('.overview-grid tr[data-path="pooler-3/pgbackrest.conf"] td:nth-of-type(2) .nm', { hasText: 'pooler-1' }).waitFor();
    const files = cliFiles(tmp, await page.evaluate((k) => localStorage.getItem(k), KEY));
    const grid = await gridRows(page);
    assertGridMatchesCli(grid, files);
    assert.deepEqual(grid['pooler-2/pgbackrest.conf'].map((c) => c.name), ['pooler-2', 'pooler-3', 'pooler-1']);
    // The simulator's answer is on the grid: the example has backup-standby=y and pooler-1 as
    // the primary, so pooler-1's file copies from its pg2 (pooler-2).
    assert.match(await page.locator('.overview-grid tr[data-path="pooler-1/pgbackrest.conf"] td.pick button').getAttribute('aria-label'),
      /pg2 is pooler-2, backups copy from it/);
    await page.selectOption('#sim-role-1', 'down');
    assert.match(await page.locator('.overview-grid tr[data-path="pooler-1/pgbackrest.conf"] td.pick button').getAttribute('aria-label'),
      /pg3 is pooler-3, backups copy from it/);
    await page.selectOption('#sim-role-1', 'standby');
    // The TLS card lists each distinct tls-server-auth line once, with the servers that hold it.
    assert.equal(await page.locator('#tls details.auth summary').textContent(), 'Resulting tls-server-auth lines (6 in 3 files, 3 different)');
    assert.deepEqual(await page.locator('#tls details.auth li').allTextContents(), [
      'tls-server-auth=replica2=multigres · on replica1, replica3',
      'tls-server-auth=replica3=multigres · on replica1, replica2',
      'tls-server-auth=replica1=multigres · on replica2, replica3',
    ]);
  });

  await t.test('choosing a cell shows that file at full width, at that block, long lines whole', async () => {
    await page.click('.overview-grid tr[data-path="pooler-2/pgbackrest.conf"] td:nth-of-type(3) button');
    const focused = page.locator('article.focused.single');
    assert.equal(await focused.getAttribute('data-path'), 'pooler-2/pgbackrest.conf');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), '# pg3: pooler-1 on replica1');
    assert.ok(await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    }), 'the block is in view');
    const files = cliFiles(tmp, await page.evaluate((k) => localStorage.getItem(k), KEY));
    assert.deepEqual(await focused.locator('.ln').allTextContents(), files['pooler-2/pgbackrest.conf']);
    // At 1280 px no line is cut: each is as wide as its box (long ones wrap) and inside the view.
    const cut = await focused.locator('.ln').evaluateAll((ls) => ls.filter((l) => l.scrollWidth > l.clientWidth + 1
      || l.getBoundingClientRect().right > document.documentElement.clientWidth).map((l) => l.textContent));
    assert.deepEqual(cut, []);
    const longest = files['pooler-2/pgbackrest.conf'].reduce((a, b) => (b.length > a.length ? b : a));
    assert.ok(longest.length > 80, longest);
    assert.equal(await focused.locator('.ln', { hasText: longest }).textContent(), longest);
    // The why-panel follows the focused view's lines too.
    await focused.locator('.ln', { hasText: 'pg2-host=' }).hover();
    assert.match(await page.locator('.why').innerText(), /pooler-2\/pgbackrest\.conf:\d+ pg2-host=replica3/);
  });

  await t.test('two files side by side: every line of each once, in order, the differences marked', async () => {
    await page.selectOption('#focus-other', { label: 'pooler-3/pgbackrest.conf' });
    const sbs = page.locator('article.focused.sbs');
    await sbs.waitFor();
    const files = cliFiles(tmp, await page.evaluate((k) => localStorage.getItem(k), KEY));
    const rows = await sbs.locator('.srow').evaluateAll((rs) => rs.map((r) => ({
      left: r.querySelector('.left.gap') ? null : r.querySelector('.left').textContent,
      right: r.querySelector('.right.gap') ? null : r.querySelector('.right').textContent,
      differs: r.classList.contains('differs'),
    })));
    assert.deepEqual(rows.map((r) => r.left).filter((l) => l !== null), files['pooler-2/pgbackrest.conf']);
    assert.deepEqual(rows.map((r) => r.right).filter((l) => l !== null), files['pooler-3/pgbackrest.conf']);
    for (const r of rows) assert.equal(r.differs, r.left !== r.right, JSON.stringify(r));
    assert.deepEqual(rows.find((r) => r.left?.startsWith('pg2-host=')), { left: 'pg2-host=replica3', right: 'pg2-host=replica1', differs: true });
    assert.deepEqual(rows.find((r) => r.left?.startsWith('pg2-path=')), { left: 'pg2-path=/var/lib/postgresql/data', right: 'pg2-path=/var/lib/postgresql/data', differs: false });
    const cut = await sbs.locator('.ln').evaluateAll((ls) => ls.filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent));
    assert.deepEqual(cut, []);
    // A keystroke updates the diff.
    await page.fill('#f-pooler-0-host', 'db-one');
    await sbs.locator('.srow .right', { hasText: 'pg2-host=db-one' }).waitFor();
    await page.click('#view-columns');
    await page.locator('article.file').nth(2).waitFor();
  });

  await t.test('128 poolers: the grid matches core\'s pg order for every file; a cell far down opens its block', async () => {
    await page.evaluate((k) => {
      const saved = JSON.parse(localStorage.getItem(k));
      const first = saved.design.pooler[0];
      saved.design['peer-order'] = 'rotate';
      saved.design.pooler = Array.from({ length: 128 }, (_, i) => ({ ...first, name: `pooler-${i + 1}`, host: `replica${i + 1}` }));
      localStorage.setItem(k, JSON.stringify(saved));
    }, KEY);
    await page.reload();
    await page.locator('article.file').nth(127).waitFor();
    const files = cliFiles(tmp, await page.evaluate((k) => localStorage.getItem(k), KEY));
    assert.equal(Object.keys(files).length, 128);
    const grid = await gridRows(page);
    assertGridMatchesCli(grid, files);
    assert.equal(grid['pooler-100/pgbackrest.conf'][76].name, 'pooler-48', 'rotate: pg77 of pooler-100 is pooler-(100+76-128)');
    // 128 lines in the TLS card, not 128 x 127.
    assert.equal(await page.locator('#tls details.auth li').count(), 128);
    assert.equal(await page.locator('#tls details.auth li').first().textContent(), 'tls-server-auth=replica2=multigres · on every server but replica2');
    // Rows out of view are not rendered: scroll the grid to pooler-100's row first.
    await page.evaluate(() => { document.querySelector('.overview-scroll').scrollTop = 95 * 26; });
    await page.click('.overview-grid tr[data-path="pooler-100/pgbackrest.conf"] td:nth-of-type(77) button');
    assert.equal(await page.locator('article.focused.single').getAttribute('data-path'), 'pooler-100/pgbackrest.conf');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), '# pg77: pooler-48 on replica48');
    assert.deepEqual(await page.locator('article.focused .ln').allTextContents(), files['pooler-100/pgbackrest.conf']);
    // The hosts table renders the rows in view (and a few more) in a box of its own; scrolling
    // the box to the end brings the last pooler's row, and typing in it changes the files.
    const rendered = await page.locator('#hosts tbody tr.row').count();
    assert.ok(rendered >= 10 && rendered < 50, `${rendered} of 128 host rows rendered`);
    assert.equal(await page.locator('#f-pooler-127-host').count(), 0);
    await page.evaluate(() => {
      const box = document.querySelector('#hosts .table-scroll');
      box.scrollTop = box.scrollHeight;
      box.dispatchEvent(new Event('scroll'));
    });
    assert.equal(await page.locator('#f-pooler-127-host').inputValue(), 'replica128');
    assert.equal(await page.locator('#hosts tbody tr.row').last().getAttribute('aria-rowindex'), '129');
    await page.fill('#f-pooler-127-host', 'db-last');
    await page.locator('article.focused .ln', { hasText: 'pg29-host=db-last' }).waitFor();
    // A pooler added to the long table is scrolled into view.
    await page.evaluate(() => { document.querySelector('#hosts .table-scroll').scrollTop = 0; });
    await page.locator('#f-pooler-0-host').waitFor();
    await page.click('#hosts button.add');
    await page.locator('#hosts tbody tr.row[aria-rowindex="130"]').waitFor();
    assert.ok(await page.locator('#f-pooler-128-host').isVisible(), 'the new row is in view');
    assert.deepEqual(problems, []);
  });
});
