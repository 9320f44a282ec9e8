// Read Mermaid journey diagrams with Mermaid's own parser and print what they hold.
//
// Usage: node parse.mjs NODE_MODULES_DIR   (a folder holding the mermaid and jsdom packages)
// Reads one JSON string (a diagram) per line on stdin and writes one JSON line per
// diagram: {"error": message} or {type, title, accTitle, accDescr, sections, tasks},
// every text as a browser shows it once Mermaid has drawn it (entity codes decoded).
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const modules = process.argv[2];
const require = createRequire(join(modules, "noop.js"));
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(
  pathToFileURL(join(modules, "mermaid", "dist", "mermaid.core.mjs")).href
);
mermaid.initialize({ startOnLoad: false });

// What the SVG shows: Mermaid writes the text into the SVG (escaped), swaps its
// entity markers for "&#58;"-style references (decodeEntities) and the browser reads
// them. Spaces at the ends of the raw text are left out: Mermaid keeps them, unseen.
const box = document.createElement("div");
function shown(text) {
  const escaped = text.trim().replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  box.innerHTML = escaped.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
  return box.textContent;
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const text = JSON.parse(line);
  let out;
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    out = {
      type: diagram.type,
      title: shown(db.getDiagramTitle()),
      accTitle: shown(db.getAccTitle()),
      accDescr: shown(db.getAccDescription()),
      sections: db.getSections().map(shown),
      tasks: db.getTasks().map((t) => ({
        section: shown(t.section),
        task: shown(t.task),
        score: t.score,
        people: t.people.map(shown),
      })),
    };
  } catch (error) {
    out = { error: String(error.message).split("\n")[0] };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}
