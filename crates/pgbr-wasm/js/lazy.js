// generate()'s result: each file's `content` and `lines` are read from the generation kept in
// wasm memory the first time they are used, then kept as plain values. A caller that reads one
// file of a large design pays for that file, not for all of them. JSON.stringify,
// structuredClone and spreading read them like any other property.
//
// The generation's memory is given back once every file's content and lines have been read, or
// when JavaScript collects the result (wasm-bindgen's FinalizationRegistry: only after the
// event loop turns, so a synchronous loop over large designs holds each one until then).
export function lazyResult(generation) {
  const result = generation.head();
  let unread = result.files.length * 2;
  const read = (get) => () => {
    const value = get();
    if (--unread === 0) generation.free();
    return value;
  };
  result.files.forEach((file, i) => {
    lazy(file, "content", read(() => generation.content(i)));
    lazy(file, "lines", read(() => generation.lines(i)));
  });
  if (unread === 0) generation.free();
  return result;
}

function lazy(object, key, read) {
  const settle = (value) => Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(object, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = read();
      settle(value);
      return value;
    },
    set: settle,
  });
}
