// End-to-end: a host's own values (its [global] and its own command section) and command
// sections made in the designer's forms land in the files the way the design format says (that
// host's file only; every file's [global:<command>]), and go again with their last option.
// Run by scripts/test.d/50-web.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
// Lines by their text (innerText is empty for a column scrolled out of view, which the
// preview leaves unpainted).
const fileText = (page, p) => page.locator(`article.file[data-path="${p}"] .code .ln`)
  .evaluateAll((ls) => ls.map((l) => l.textContent).join('\n'));
const files = ['pooler-1/pgbackrest.conf', 'pooler-2/pgbackrest.conf', 'pooler-3/pgbackrest.conf'];

test('per-host values and command sections from the forms', async (t) => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/ is built (trunk build --release)');
  const server = await serve(dist);
  const { context, close } = await launch();
  t.after(async () => { await close(); server.close(); });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.origin + '/');
  await page.locator('article.file').nth(2).waitFor();
  assert.equal(await page.locator('#sections .muted').innerText(),
    'No host has values of its own: every file shares the design\'s [global] and sections.');

  // pooler-2's own process-max: in its file only, in [global].
  await page.selectOption('#own-pick', '1');
  await page.fill('#own-option', 'process-max');
  await page.click('#own-add');
  const own = page.locator('#f-pooler-1-global-process-max');
  await own.waitFor();
  await own.fill('8');
  await page.locator(`article.file[data-path="${files[1]}"] .ln`, { hasText: 'process-max=8' }).waitFor();
  const second = await fileText(page, files[1]);
  assert.match(second, /^\[global\]$[^[]*^process-max=8$/m);
  for (const f of [files[0], files[2]]) assert.doesNotMatch(await fileText(page, f), /^process-max=8$/m, f);
  assert.equal(await page.locator('#sections .own-values h4').first().innerText(), 'pooler-2 (replica2)');

  // [global:archive-push] with process-max=2, in every file.
  await page.selectOption('#new-command-pick', { label: 'archive-push' });
  await page.fill('#new-command-option', 'process-max');
  await page.click('#new-command-add');
  const cmd = page.locator('#f-command-archive-push-process-max');
  await cmd.waitFor();
  await cmd.fill('2');
  for (const f of files) {
    await page.locator(`article.file[data-path="${f}"] .ln`, { hasText: '[global:archive-push]' }).waitFor();
    assert.match(await fileText(page, f), /^\[global:archive-push\]\nprocess-max=2$/m, f);
  }
  // pooler-2's own [global:archive-push] process-max=3: over the design's 2, in its file only.
  await page.selectOption('#own-pick', '1');
  await page.selectOption('#own-section', { label: '[global:archive-push]' });
  await page.fill('#own-option', 'process-max');
  await page.click('#own-add');
  const ownCmd = page.locator('#f-pooler-1-command-archive-push-process-max');
  await ownCmd.waitFor();
  await ownCmd.fill('3');
  await page.locator(`article.file[data-path="${files[1]}"] .ln`, { hasText: 'process-max=3' }).waitFor();
  assert.match(await fileText(page, files[1]), /^\[global:archive-push\]\nprocess-max=3$/m);
  for (const f of [files[0], files[2]]) assert.match(await fileText(page, f), /^\[global:archive-push\]\nprocess-max=2$/m, f);
  await page.click('#sections [aria-label="[global:archive-push] of pooler-2"] [aria-label="Remove process-max"]');
  await ownCmd.waitFor({ state: 'detached' });
  assert.match(await fileText(page, files[1]), /^\[global:archive-push\]\nprocess-max=2$/m);

  // An option the command does not take is an error beside it, in the command's words.
  await page.fill('#new-command-option', 'start-fast');
  await page.click('#new-command-add');
  await page.locator('#f-command-archive-push-start-fast-msg', { hasText: 'the archive-push command does not take start-fast' }).waitFor();

  // Removing the last option of each table removes it from the files.
  await page.click('#sections [aria-label="Remove start-fast"]');
  await page.click('#sections [aria-label="[global:archive-push]"] [aria-label="Remove process-max"]');
  await page.click('#sections [aria-label="[global] of pooler-2"] [aria-label="Remove process-max"]');
  await page.locator('#sections .muted').waitFor();
  for (const f of files) {
    await page.locator(`article.file[data-path="${f}"] .ln`, { hasText: '[global:archive-push]' }).waitFor({ state: 'detached' });
    assert.doesNotMatch(await fileText(page, f), /^process-max=(8|2)$/m, f);
  }
  assert.deepEqual(problems, []);
});
