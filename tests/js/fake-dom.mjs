// Preloaded (node --import) to run docs/embed.html's module script in Node: just enough of a
// DOM for that page, printed as JSON when the script is done.
class Element {
  constructor(tag) {
    this.tag = tag;
    this.children = [];
    this.className = "";
    this.title = "";
    this.text = "";
  }
  set textContent(value) {
    this.text = String(value);
    this.children = [];
  }
  get textContent() {
    return this.text + this.children.map((c) => c.textContent).join("");
  }
  append(...nodes) {
    this.children.push(...nodes);
  }
  toJSON() {
    return { tag: this.tag, className: this.className, title: this.title, text: this.text, children: this.children };
  }
}

const root = new Element("div");
globalThis.document = {
  querySelector: (selector) => (selector === "#files" ? root : null),
  createElement: (tag) => new Element(tag),
};
process.on("beforeExit", () => {
  if (!globalThis.printed) {
    globalThis.printed = true;
    process.stdout.write(JSON.stringify(root));
  }
});
