// The designer's service worker. scripts/finish-site.mjs writes dist/sw.js: one line
// `const BUILD = {...}` (the build's key, the text only its page holds, and every file the page
// loads, each with its SHA-256) followed by this file.
//
// It keeps one build, the page and every file it loads, as one set in a cache of its own, and
// answers the page and those files from it: the designer opens without the network, and the JS
// and the wasm always come from the same build. A newer build's worker installs its own set
// beside it and waits; the page offers the update, and only when the user accepts does the new
// worker take over (and drop the older set). It answers nothing else: no other origin, nothing
// outside this build, no other method than GET.

const SCOPE = self.registration.scope; // the folder of sw.js and index.html
const PREFIX = `pgbr-designer ${SCOPE} `;
const CACHE = PREFIX + BUILD.key;
const PAGE = SCOPE;
const FILES = new Map(BUILD.files.map((f) => [new URL(f.path, SCOPE).href, f]));

async function precache() {
  const cache = await caches.open(CACHE);
  // The page is checked by what it holds (it names this build's files), not by a hash: a host
  // may add to an HTML page. A host that serves no folder index has it as index.html.
  let page = await fetch(PAGE, { cache: 'no-cache' });
  if (!page.ok) page = await fetch(PAGE + 'index.html', { cache: 'no-cache' });
  const html = await page.clone().text();
  if (!page.ok || !html.includes(BUILD.page)) {
    throw new Error(`${PAGE} is not the page of build ${BUILD.key}`);
  }
  // A redirected response cannot answer a navigation: keep its body and headers.
  const headers = new Headers(page.headers);
  headers.delete('content-encoding');
  headers.delete('content-length');
  await cache.put(PAGE, page.redirected ? new Response(html, { headers }) : page);
  await Promise.all([...FILES].map(async ([url, f]) => {
    // The build's own files have names no other build uses: a copy in the browser's HTTP cache
    // is as good (and the hash is checked anyway). The others are asked of the server.
    const response = await fetch(new Request(url, { integrity: f.integrity, cache: f.fresh ? 'no-cache' : 'default' }));
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    await cache.put(url, response);
  }));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().catch(async (err) => {
    await caches.delete(CACHE);
    throw err;
  }));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
  })());
});

// The page's "Reload" on the update offer.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

async function answer(key, request) {
  const kept = await (await caches.open(CACHE)).match(key);
  return kept || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.hash = '';
  if (request.mode === 'navigate') {
    // The designer's page, whatever its query (`?embed=1&preset=…`).
    url.search = '';
    if (url.href === PAGE || url.href === PAGE + 'index.html') event.respondWith(answer(PAGE, request));
    return;
  }
  if (FILES.has(url.href)) event.respondWith(answer(url.href, request));
});
