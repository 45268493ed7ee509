// A static file server for dist/ on 127.0.0.1 (a free port), used by the browser tests and the
// benchmark: the same bytes any static host would serve. `use(dir)` serves another folder from
// the same origin (a new build deployed over the old one); `requests` lists every path asked for.
// With `{ folderIndex: false }` a folder's address is not found, as on hosts that serve only files.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.png': 'image/png', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

export async function serve(dir, { folderIndex = true } = {}) {
  let root = dir;
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname);
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!folderIndex) { res.writeHead(404).end('not found'); return; }
      file = path.join(file, 'index.html');
    }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404).end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    requests,
    use: (other) => { root = other; },
    close: () => server.close(),
  };
}
