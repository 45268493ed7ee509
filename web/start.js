// Starts the designer. A file of its own (not Trunk's inline loader) so the page's
// Content-Security-Policy can forbid inline scripts. The wasm sits beside this file; in
// pgbr-designer.html, where scripts/finish-site.mjs puts this code after the wasm-bindgen glue,
// it is in the page itself, as base64 in #pgbr-wasm.
import init from './pgbr-web.js';

const inline = document.getElementById('pgbr-wasm');
const wasm = inline && Uint8Array.from(atob(inline.textContent), (c) => c.charCodeAt(0));
init(wasm ? { module_or_path: wasm } : undefined).catch((err) => {
  const p = document.getElementById('loading');
  if (p) p.textContent = `The designer could not start: ${err}`;
});
