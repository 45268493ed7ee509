// End-to-end: the designer is usable without a mouse, by a screen reader, on a phone, in light and
// dark. On the built dist/ in Chromium, for every preset: every control has an accessible name,
// all visible text meets WCAG AA contrast against what is really behind it, keyboard focus is
// always visible, and a narrow screen stacks the page instead of scrolling it sideways.
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
const PRESETS = ['multigres-three-poolers', 'tls-guide-repo-host', 'five-replicas-two-zones'];

/// Controls without an accessible name: no label, aria-label(ledby) or (for buttons) text.
const unnamed = (page) => page.evaluate(() => {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const name = (el) => {
    if (el.getAttribute('aria-label')?.trim()) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by && by.split(/\s+/).some((id) => document.getElementById(id)?.textContent.trim())) return true;
    if ([...(el.labels ?? [])].some((l) => l.textContent.trim())) return true;
    if (el.tagName === 'BUTTON' && el.textContent.trim()) return true;
    return false;
  };
  return [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => el.type !== 'hidden' && (visible(el) || el.type === 'file') && !name(el))
    .map((el) => el.outerHTML.slice(0, 120));
});

/// Text whose contrast with its real background is below WCAG AA: 4.5:1, or 3:1 for large text.
/// Colours are read through a canvas, so any CSS colour syntax (color-mix, oklab) is handled, and
/// translucent backgrounds are composited over what is behind them.
const lowContrast = (page) => page.evaluate(() => {
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a), 1];
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }
    let bg = matchMedia('(prefers-color-scheme: dark)').matches ? [0, 0, 0, 1] : [255, 255, 255, 1];
    for (const c of layers.reverse()) bg = over(c, bg);
    return bg;
  };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.getClientRects().length || el.closest('.sr-only, [disabled], [aria-hidden="true"]')) continue;
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
    if (!text) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || Number(s.opacity) === 0) continue;
    const bg = background(el);
    const fg = over(rgba(s.color), bg);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    const r = ratio(fg, bg);
    if (r < (large ? 3 : 4.5)) {
      out.push(`${r.toFixed(2)}:1 ${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${text.slice(0, 40)}" (${s.color} on rgb(${bg.slice(0, 3).map(Math.round)}))`);
    }
  }
  return [...new Set(out)];
});

test('accessibility: names, contrast, focus, narrow screens, light and dark', async (t) => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/ is built (trunk build --release)');
  const server = await serve(dist);
  const { context, close } = await launch();
  t.after(async () => { await close(); server.close(); });
  const page = await context.newPage();
  // Every part starts from the first preset, whatever the one before left behind: the storage
  // is cleared once the app has rendered (and so made its first save), then the page reloaded.
  page.goto = ((goto) => async (url) => {
    await goto.call(page, url);
    await page.locator('#summary-title').waitFor();
    await page.evaluate(() => localStorage.clear());
    return goto.call(page, url);
  })(page.goto);

  for (const scheme of ['light', 'dark']) {
    await t.test(`${scheme}: every control is named and all text is readable, in every preset`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(server.origin + '/');
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.match(bg, scheme === 'dark' ? /rgb\((\d|1\d|2\d), / : /rgb\(2[45]\d, /, `the ${scheme} scheme is followed (${bg})`);
      for (const preset of PRESETS) {
        await page.click(`button[data-preset="${preset}"]`);
        await page.locator('article.file').first().waitFor();
        // An error and a warning on screen too, so their colours are checked.
        const host = await page.locator('#f-pooler-0-host').inputValue();
        await page.fill('#f-pooler-0-host', 'bad host');
        await page.locator('.msgs li.error').first().waitFor();
        // A notice (a design file that cannot be opened), the why panel filled in, and the
        // simulator with a replica down: their colours are checked too.
        await page.setInputFiles('#open-design', { name: 'bad.toml', mimeType: 'text/plain', buffer: Buffer.from('stanza = 1\n') });
        await page.locator('.notice').waitFor();
        await page.locator('article.file .ln', { hasText: 'pg1-path=' }).first().hover();
        await page.locator('aside.why a.opt-name').waitFor();
        await page.selectOption('#sim-role-1', 'down');
        assert.deepEqual(await unnamed(page), [], `${scheme}, ${preset}: controls without a name`);
        assert.deepEqual(await lowContrast(page), [], `${scheme}, ${preset}: text below WCAG AA contrast`);
        await page.selectOption('#sim-role-1', 'standby');
        await page.click('.notice button');
        await page.fill('#f-pooler-0-host', host);
      }
    });
  }

  await t.test('keyboard focus is always visible', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(server.origin + '/');
    await page.locator('article.file').first().waitFor();
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const seen = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        // A file input is visually hidden; its styled label shows the focus instead.
        const shown = el.type === 'file' ? document.querySelector(`label[for="${el.id}"]`) : el;
        if (!shown) return { what: el.id, ring: false };
        const s = getComputedStyle(shown);
        const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
        return { what: el.id || el.getAttribute('aria-label') || el.tagName.toLowerCase(), ring };
      });
      if (!f) continue;
      seen.push(f.what);
      assert.ok(f.ring, `focus on ${f.what} is not visible`);
    }
    assert.ok(new Set(seen).size >= 20, `the keyboard reaches the controls (${seen.length} stops)`);
  });

  await t.test('a phone-sized screen stacks the page instead of scrolling it sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.origin + '/');
    await page.locator('article.file').first().waitFor();
    const layout = await page.evaluate(() => {
      const box = (s) => document.querySelector(s).getBoundingClientRect();
      return {
        page: document.scrollingElement.scrollWidth,
        editor: box('.editor'),
        results: box('.results'),
      };
    });
    assert.ok(layout.page <= 390, `the page is ${layout.page}px wide on a 390px screen`);
    assert.ok(layout.results.top >= layout.editor.bottom, 'the previews come below the form');
    assert.ok(layout.editor.width <= 390 && layout.editor.width >= 300, `the form fills the width (${layout.editor.width}px)`);
    await page.setViewportSize({ width: 1600, height: 1000 });
  });
});
