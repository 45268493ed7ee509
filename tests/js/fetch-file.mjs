// Preloaded (node --import) when a snippet written for the browser runs in Node: Node's fetch
// cannot read file: URLs, which is how `init()` finds pgbr_wasm_bg.wasm beside the module.
import { readFile } from "node:fs/promises";

const networkFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.protocol !== "file:") return networkFetch(input, init);
  return new Response(await readFile(url), { headers: { "Content-Type": "application/wasm" } });
};
