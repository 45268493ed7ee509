// Designer figures (a benchmark, not a test): what the page loads (gzip -9), time to first
// render, and time from a keystroke in a host field to updated previews, for 3, 16, 128 and 256
// poolers. Prints a table and, with --json FILE, writes the figures.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const kb = (n) => (n / 1024).toFixed(1);

// What the page loads: the page, its manifest, the service worker and the build's folder (the
// worker keeps the same files; the browser's HTTP cache serves its copy when the host allows).
const build = fs.readFileSync(path.join(dist, 'index.html'), 'utf8').match(/\.\/(build-\w+)\/start\.js/)[1];
const loaded = ['index.html', 'manifest.webmanifest', 'sw.js',
  ...fs.readdirSync(path.join(dist, build)).filter((f) => !/\.(gz|br)$/.test(f)).map((f) => `${build}/${f}`)];
const size = (f) => {
  const body = fs.readFileSync(path.join(dist, f));
  return { file: f, raw: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length };
};
const sizes = loaded.map(size);
const total = sizes.reduce((a, s) => a + s.gzip, 0);
console.log('what the page loads (gzip -9):');
for (const s of sizes) console.log(`  ${s.file.padEnd(40)} ${kb(s.raw).padStart(8)} KB raw  ${kb(s.gzip).padStart(7)} KB gzip`);
console.log(`  ${'total'.padEnd(40)} ${''.padStart(8)}         ${kb(total).padStart(7)} KB gzip (budget <= 400 KB)`);
const single = size('pgbr-designer.html');
console.log(`pgbr-designer.html (the single file): ${kb(single.raw)} KB, ${kb(single.gzip)} KB gzip`);

const server = await serve(dist);
const { context, close } = await launch();
// Records when the first file column appears, measured from the navigation's start.
await context.addInitScript(() => {
  new MutationObserver((_, obs) => {
    if (document.querySelector('article.file')) { window.__firstRender = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
});
const page = await context.newPage();

async function firstRender() {
  await page.goto(server.origin + '/');
  await page.waitForFunction(() => window.__firstRender !== undefined, null, { timeout: 120000 });
  return page.evaluate(() => window.__firstRender);
}

// Loads a design with `n` poolers by saving it where the app looks for it, then reloading.
async function loadPoolers(n) {
  await page.evaluate((n) => {
    const saved = JSON.parse(localStorage.getItem('pgbr-designer.design'));
    const first = saved.design.pooler[0];
    saved.design.pooler = Array.from({ length: n }, (_, i) => ({ ...first, name: `pooler-${i + 1}`, host: `replica${i + 1}` }));
    localStorage.setItem('pgbr-designer.design', JSON.stringify(saved));
  }, n);
  const t = await firstRender();
  const columns = await page.locator('article.file').count();
  if (columns !== n) throw new Error(`expected ${n} files, found ${columns}`);
  return t;
}

// Types one character into pooler 2's host: every file's lines for that replica change.
async function keystrokes(n, times, salt) {
  return page.evaluate(async ({ n, times, salt }) => {
    const input = document.getElementById('f-pooler-1-host');
    const file = document.querySelector('article.file[data-path="pooler-1/pgbackrest.conf"] .code');
    const yieldTask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const dom = [], painted = [];
    const micro = () => new Promise((r) => queueMicrotask(r));
    for (let k = 0; k < times; k++) {
      await frame();
      await yieldTask();
      // Same length every time: no host is the start of another.
      const host = `replica2-${salt}${String(k).padStart(4, '0')}`;
      const t0 = performance.now();
      input.value = host;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, data: 'x', inputType: 'insertText' }));
      // Yew renders in microtasks: the DOM is up to date once they have run.
      for (let i = 0; i < 1000 && !file.textContent.includes(`pg2-host=${host}`); i++) await micro();
      while (!file.textContent.includes(`pg2-host=${host}`)) await yieldTask();
      dom.push(performance.now() - t0);
      // Then the browser restyles and lays out the change (forced here, not left to the next frame).
      void document.body.offsetHeight;
      painted.push(performance.now() - t0);
    }
    return { dom, painted };
  }, { n, times, salt });
}

// Peak memory of the page: the largest peak resident set (VmHWM) of Chromium's renderer
// processes alive after a load, read from /proc (Linux): the peak of the process that loaded
// the design (and of any earlier load it also served).
function rendererPeakKb() {
  let peak = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      const hwm = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
      if (hwm) peak = Math.max(peak, Number(hwm[1]));
    } catch { /* the process ended */ }
  }
  return peak;
}

const results = { gzip_total_bytes: total, sizes, single_file: single, poolers: {} };
await firstRender();
const cold = [];
for (let i = 0; i < 5; i++) cold.push(await firstRender());
console.log(`\ntime to first render (example, 3 poolers): median ${median(cold).toFixed(0)} ms of 5 loads`);
// "First": the first keystrokes after the page opens, while the browser still runs its first,
// quick compilation of the wasm. "Warm": later keystrokes, once it has optimised what is hot.
console.log('\n         first    keystroke→DOM updated, median (max)      keystroke→laid out, median');
console.log('poolers  render   first keystrokes     warm                first      warm');
const cell = (xs) => (xs ? `${median(xs).toFixed(1).padStart(6)} (${Math.max(...xs).toFixed(0).padStart(4)})` : '     –       ');
for (const n of [3, 16, 128, 256]) {
  const render = await loadPoolers(n);
  const first = await keystrokes(n, n >= 128 ? 5 : 15, 'a');
  let warm = null;
  if (n <= 128) {
    const runs = n >= 128 ? 20 : 80;
    const all = await keystrokes(n, runs, 'b');
    warm = { dom: all.dom.slice(runs / 2), painted: all.painted.slice(runs / 2) };
  }
  const peak = rendererPeakKb();
  results.poolers[n] = { first_render_ms: render, first, warm, renderer_peak_kb: peak };
  const ms = (xs) => (xs ? median(xs).toFixed(1).padStart(6) : '     –');
  console.log(`${String(n).padStart(7)} ${render.toFixed(0).padStart(6)} ms  ${cell(first.dom)} ms  ${cell(warm?.dom)} ms  ${ms(first.painted)} ms ${ms(warm?.painted)} ms`);
}
console.log('\npeak memory of the page (the largest VmHWM of the renderer processes alive after each load):');
for (const [n, r] of Object.entries(results.poolers)) console.log(`  ${String(n).padStart(3)} poolers: ${(r.renderer_peak_kb / 1024).toFixed(0)} MB`);
const out = process.argv.indexOf('--json');
if (out > 0) fs.writeFileSync(process.argv[out + 1], JSON.stringify(results, null, 2));
await close();
server.close();
