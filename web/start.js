// Starts the designer. A file of its own (not Trunk's inline loader) so the page's
// Content-Security-Policy can forbid inline scripts. The wasm sits beside this file.
import init from './pgbr-web.js';

init().catch((err) => {
  const p = document.getElementById('loading');
  if (p) p.textContent = `The designer could not start: ${err}`;
});
