// End-to-end: a hand-written three-host cluster imported in the designer, as an operator moving
// an existing cluster would: the stanza is chosen, "what would change" is listed, and the zip
// the designer downloads is byte for byte the one `pgbr generate --zip` writes from the design
// `pgbr import` reads from the same files. Run by scripts/test.d/50-web.sh.
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

// Each host's file, written by hand: pgBackRest 1.x's retention-full, a client certificate
// apart from the server's, an archive-push section, db3 with its own process-max, and a
// second stanza in db1's file.
const host = (me, others, processMax, extra = '') => `# ${me}, written by hand
[global]
repo1-path=/mnt/nfs/pgbackrest
retention-full=4
compress-type=zst
process-max=${processMax}
start-fast=y
backup-standby=y
tls-server-address=*
tls-server-cert-file=/etc/pgbackrest/tls/${me}.crt
tls-server-key-file=/etc/pgbackrest/tls/${me}.key
tls-server-ca-file=/etc/pgbackrest/tls/ca.crt
${others.map((o) => `tls-server-auth=client-${o}=demo`).join('\n')}

[global:archive-push]
process-max=2

[demo]
pg1-path=/var/lib/postgresql/16/main
${others.map((o, i) => `
pg${i + 2}-host=${o}
pg${i + 2}-host-type=tls
pg${i + 2}-host-ca-file=/etc/pgbackrest/tls/ca.crt
pg${i + 2}-host-cert-file=/etc/pgbackrest/tls/client.crt
pg${i + 2}-host-key-file=/etc/pgbackrest/tls/client.key
pg${i + 2}-path=/var/lib/postgresql/16/main`).join('\n')}
${extra}`;

test('a hand-written cluster: choose the stanza, see what would change, download the same zip as the CLI', async (t) => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/ is built (trunk build --release)');
  assert.ok(fs.existsSync(pgbr), 'target/debug/pgbr is built');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgbr-e2e-import-'));
  const names = ['db1.conf', 'db2.conf', 'db3.conf'];
  fs.writeFileSync(path.join(tmp, 'db1.conf'), host('db1', ['db2', 'db3'], 4, '\n[other]\npg1-path=/var/lib/postgresql/16/other\n'));
  fs.writeFileSync(path.join(tmp, 'db2.conf'), host('db2', ['db1', 'db3'], 4));
  fs.writeFileSync(path.join(tmp, 'db3.conf'), host('db3', ['db1', 'db2'], 8));
  // The CLI, run where the files are so it names them as the browser does.
  const cli = (args, ok = [0]) => {
    try {
      return execFileSync(pgbr, args, { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      if (ok.includes(e.status)) return e.stdout;
      throw e;
    }
  };
  fs.writeFileSync(path.join(tmp, 'design.toml'), cli(['import', '--stanza', 'demo', ...names], [4]));
  const expectedChanges = cli(['diff', 'design.toml', ...names], [4]);
  cli(['generate', 'design.toml', '--zip', 'cli.zip']);
  // The design keeps db3's own value and the separate client certificate.
  const design = fs.readFileSync(path.join(tmp, 'design.toml'), 'utf8');
  assert.match(design, /\[pooler\.global\]\nprocess-max = 8\n/);
  assert.match(design, /client-cert-file = "\/etc\/pgbackrest\/tls\/client.crt"/);
  assert.match(design, /\[command\.archive-push\]\nprocess-max = 2\n/);

  const server = await serve(dist);
  const b = await launch();
  t.after(async () => { await b.close(); server.close(); });
  const page = await b.context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.origin + '/');
  await page.locator('article.file').first().waitFor();
  await page.locator('#import summary').click();
  await page.setInputFiles('#import-files', names.map((n) => path.join(tmp, n)));
  // Two stanzas: one button each; the design is untouched until one is chosen.
  await page.locator('#import-result', { hasText: 'These files hold 2 stanzas' }).waitFor();
  assert.deepEqual(await page.locator('#import-result button.import-stanza').allInnerTexts(), ['stanza demo', 'stanza other']);
  await page.click('#import-result button.import-stanza:has-text("stanza demo")');
  await page.locator('#import-result', { hasText: 'Imported 3 files' }).waitFor();
  // What generating would change: the CLI's diff, line for line.
  const shown = await page.locator('#import-changes').innerText();
  assert.equal(shown.trimEnd(), expectedChanges.trimEnd());
  assert.match(shown, /- \[global\] retention-full=4/);
  assert.match(shown, /\+ \[global\] repo1-retention-full=4/);
  // Each file before and after, whole, the change list's lines marked with its signs.
  const view = page.locator('#import-views details.before-after[data-file="db1.conf"]');
  await view.locator('summary').click();
  const lines = async (which) => view.locator(`.ba-cell.${which}.ba-line`).allTextContents();
  const marked = async (which) => (await lines(which)).filter((l) => !l.startsWith(' '));
  const before = await marked('before');
  assert.ok(before.includes('-retention-full=4'), before.join('\n'));
  assert.ok(before.includes('-pg1-path=/var/lib/postgresql/16/other'), before.join('\n'));
  const after = await marked('after');
  assert.ok(after.includes('+repo1-retention-full=4'), after.join('\n'));
  // Every line of the existing file is there, in its order.
  const whole = (await lines('before')).map((l) => l.slice(1));
  assert.deepEqual(whole, fs.readFileSync(path.join(tmp, 'db1.conf'), 'utf8').split('\n').slice(0, whole.length));
  assert.equal(whole.length, fs.readFileSync(path.join(tmp, 'db1.conf'), 'utf8').replace(/\n$/, '').split('\n').length);
  // Line by line: one row per aligned pair, each with a cell of each file (a filler where a
  // file has no line); a section both files open sits on one row, and the left-out [other]
  // stanza's pg1-path faces a filler.
  const rows = async (which) => view.locator(`.ba-rows > .ba-row > .ba-cell.${which}`).allTextContents();
  const [left, right] = [await rows('before'), await rows('after')];
  assert.equal(left.length, right.length);
  assert.ok(left.includes('') || right.includes(''), 'some line has no counterpart');
  const rowOf = (side, re) => side.findIndex((l) => re.test(l));
  assert.equal(rowOf(left, /^ \[demo\]$/), rowOf(right, /^ \[demo\]$/));
  assert.ok(rowOf(left, /^ \[demo\]$/) >= 0);
  const other = rowOf(left, /^-pg1-path=\/var\/lib\/postgresql\/16\/other$/);
  assert.ok(other >= 0);
  assert.equal(right[other], '');
  // Unmapped lines say what was read differently, with file and line.
  const unmapped = await page.locator('#import-result ul.unmapped').innerText();
  assert.match(unmapped, /db1\.conf:4: retention-full is the old name of repo1-retention-full/);
  assert.match(unmapped, /db1\.conf:\d+: \[other\] belongs to stanza other: left out/);
  for (const f of ['db1/pgbackrest.conf', 'db2/pgbackrest.conf', 'db3/pgbackrest.conf']) {
    await page.locator(`article.file[data-path="${f}"] .code .ln`).first().waitFor();
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-zip')]);
  const zip = path.join(tmp, 'browser.zip');
  await download.saveAs(zip);
  assert.ok(fs.readFileSync(zip).equals(fs.readFileSync(path.join(tmp, 'cli.zip'))), 'the designer zip is the CLI zip, byte for byte');
  assert.deepEqual(problems, []);
});
