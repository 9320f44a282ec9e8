// journeykit's interactive map page: zoom and pan, the details panel, lanes, curves,
// search and filters, deep links, printing, and the live preview's client.
// Everything from the journey is written with textContent, never as markup.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("jk-data").textContent);
  startLive(data.live);
  const map = document.getElementById("jk-map");
  const svg = map && map.querySelector("svg");
  if (!svg) return;

  const $ = (id) => document.getElementById(id);
  const panel = $("jk-panel-body");
  const hint = [...panel.childNodes].map((node) => node.cloneNode(true));
  const full = { w: svg.viewBox.baseVal.width, h: svg.viewBox.baseVal.height };
  const poster = { w: full.w, h: full.h };
  const touchpoints = new Map(data.touchpoints.map((t) => [t.id, t]));
  for (const t of data.touchpoints) {
    t.text = [t.name, ...t.rows.flatMap((row) => row[1])].join("\n").toLowerCase();
  }
  let view = { x: 0, y: 0, w: full.w, h: full.h };
  let fitted = data.fit;
  let selected = null;
  let curve = "";

  // The poster, readable by assistive technology as a group of buttons.
  svg.setAttribute("role", "group");
  const cards = new Map();
  for (const group of svg.querySelectorAll("g[data-tp] > g[id]")) {
    if (!/-tp-\d+$/.test(group.id)) continue;
    const id = group.parentNode.getAttribute("data-tp");
    const about = touchpoints.get(id);
    if (!about) continue;
    mark(group, "jk-card", about.name);
    cards.set(id, group);
    hook(group, "tp", id);
  }
  const flowMarks = new Map();
  for (const group of svg.querySelectorAll("g[data-flow]")) {
    const key = group.getAttribute("data-flow");
    const about = data.flows[key];
    if (!about) continue;
    if (/-label-\d+-\d+$/.test(group.id)) {
      mark(group, "jk-flow", about.name);
      flowMarks.set(key, group);
    }
    hook(group, "flow", key);
  }
  for (const point of svg.querySelectorAll("g[data-curve] g[data-tp]")) {
    hook(point, "tp", point.getAttribute("data-tp"), true);
  }

  function mark(group, kind, name) {
    group.classList.add(kind);
    group.setAttribute("tabindex", "0");
    group.setAttribute("role", "button");
    group.setAttribute("aria-label", name);
  }

  function hook(element, kind, key, hoverOnly) {
    element.addEventListener("pointerenter", () => show(kind, key));
    element.addEventListener("pointerleave", () => show(selected && selected.kind, selected && selected.key));
    if (hoverOnly) return;
    element.addEventListener("click", (event) => {
      if (dragged) return;
      event.stopPropagation();
      select(kind, key, false);
    });
    // Focus from the keyboard selects (and brings into view); a click selects itself.
    element.addEventListener("focus", () => {
      if (element.matches(":focus-visible")) select(kind, key, true);
    });
    element.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(kind, key, true);
      }
    });
  }

  // -- the details panel ------------------------------------------------------------

  function show(kind, key) {
    const about = kind === "tp" ? touchpoints.get(key) : kind === "flow" ? data.flows[key] : null;
    if (!about) {
      panel.replaceChildren(...hint.map((node) => node.cloneNode(true)));
      return;
    }
    const title = document.createElement("h3");
    title.textContent = about.name;
    const list = document.createElement("dl");
    for (const [name, values, belongs] of about.rows) {
      if (curve && belongs && belongs !== curve) continue;
      const term = document.createElement("dt");
      term.textContent = name;
      const value = document.createElement("dd");
      if (values.length === 1) {
        value.textContent = values[0];
      } else {
        const items = document.createElement("ul");
        for (const text of values) {
          const item = document.createElement("li");
          item.textContent = text;
          items.append(item);
        }
        value.append(items);
      }
      list.append(term, value);
    }
    panel.replaceChildren(title, list);
  }

  function select(kind, key, reveal) {
    selected = kind ? { kind, key } : null;
    for (const [id, group] of cards) group.classList.toggle("jk-selected", kind === "tp" && id === key);
    for (const [id, group] of flowMarks) group.classList.toggle("jk-selected", kind === "flow" && id === key);
    show(kind, key);
    if (kind === "tp") {
      try {
        history.replaceState(null, "", "#tp=" + encodeURIComponent(key));
      } catch (error) {
        // Some hosts refuse history changes (a sandboxed frame): the link just stays.
      }
    }
    const target = kind === "tp" ? cards.get(key) : kind === "flow" ? flowMarks.get(key) : null;
    if (reveal && target) bringIntoView(target);
  }

  // -- zoom and pan: the view is the SVG's viewBox ----------------------------------

  function viewport() {
    const box = map.getBoundingClientRect();
    return { w: Math.max(box.width, 1), h: Math.max(box.height, 1) };
  }

  const round = (value) => Math.round(value * 100) / 100;
  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(round).join(" "));
  }

  // Fitting a wide mined poster to a window would shrink its text past reading:
  // fitting stops at a third of full size, and the rest of the poster is a pan away.
  const READABLE = 1 / 3;
  function fit(how) {
    const port = viewport();
    const width = how === "none" ? port.w : Math.min(poster.w, port.w / READABLE);
    view = { x: 0, y: 0, w: width, h: (width * port.h) / port.w };
    fitted = how;
    apply();
  }

  function zoom(factor, at) {
    const port = viewport();
    const scale = port.w / view.w;
    const least = Math.min(port.w / poster.w, 1) / 4;
    const next = Math.min(Math.max(scale * factor, least), 8);
    const [fx, fy] = at || [0.5, 0.5];
    const x = view.x + fx * view.w;
    const y = view.y + fy * view.h;
    view.w = port.w / next;
    view.h = port.h / next;
    view.x = x - fx * view.w;
    view.y = y - fy * view.h;
    fitted = null;
    keep();
  }

  function pan(dx, dy) {
    const port = viewport();
    view.x += (dx * view.w) / port.w;
    view.y += (dy * view.h) / port.h;
    fitted = null;
    keep();
  }

  function keep() {
    // Some of the poster always stays in view.
    view.x = Math.min(Math.max(view.x, -view.w * 0.8), poster.w - view.w * 0.2);
    view.y = Math.min(Math.max(view.y, -view.h * 0.8), poster.h - view.h * 0.2);
    apply();
  }

  function bringIntoView(element) {
    const box = element.getBBox();
    const to = svg.getScreenCTM().inverse().multiply(element.getScreenCTM());
    const a = new DOMPoint(box.x, box.y).matrixTransform(to);
    const b = new DOMPoint(box.x + box.width, box.y + box.height).matrixTransform(to);
    const inside = a.x >= view.x && a.y >= view.y && b.x <= view.x + view.w && b.y <= view.y + view.h;
    if (inside) return;
    view.x = (a.x + b.x) / 2 - view.w / 2;
    view.y = (a.y + b.y) / 2 - view.h / 2;
    fitted = null;
    keep();
  }

  $("jk-zoom-in").addEventListener("click", () => zoom(1.25));
  $("jk-zoom-out").addEventListener("click", () => zoom(0.8));
  $("jk-fit").addEventListener("click", () => fit("width"));
  map.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const box = map.getBoundingClientRect();
      const at = [(event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height];
      zoom(Math.exp(-event.deltaY * 0.0015), at);
    },
    { passive: false },
  );
  let drag = null;
  let dragged = false;
  map.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, id: event.pointerId };
    dragged = false;
  });
  map.addEventListener("pointermove", (event) => {
    if (!drag || drag.id !== event.pointerId) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!dragged && Math.hypot(dx, dy) < 4) return;
    if (!dragged) map.setPointerCapture(event.pointerId);
    dragged = true;
    map.classList.add("jk-dragging");
    pan(-dx, -dy);
    drag.x = event.clientX;
    drag.y = event.clientY;
  });
  const release = () => {
    drag = null;
    map.classList.remove("jk-dragging");
    setTimeout(() => (dragged = false), 0); // the click that ends a drag selects nothing
  };
  map.addEventListener("pointerup", release);
  map.addEventListener("pointercancel", release);
  window.addEventListener("resize", () => {
    if (fitted) return fit(fitted);
    const port = viewport();
    view.h = (view.w * port.h) / port.w;
    apply();
  });

  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest && event.target.closest("input, select, textarea");
    if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
    const step = 80;
    const keys = {
      "+": () => zoom(1.25),
      "=": () => zoom(1.25),
      "-": () => zoom(0.8),
      "_": () => zoom(0.8),
      "0": () => fit("width"),
      ArrowLeft: () => pan(-step, 0),
      ArrowRight: () => pan(step, 0),
      ArrowUp: () => pan(0, -step),
      ArrowDown: () => pan(0, step),
      Escape: () => select(null, null, false),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // -- lanes: hide one and close the gap --------------------------------------------

  const rows = [...svg.children].filter((el) => el.tagName === "g" && /-row-\d+$/.test(el.id));
  const page = svg.querySelector(":scope > rect[id$='-page']");
  const hidden = new Set();

  function shift(element, by) {
    if (by) element.setAttribute("transform", `translate(0 ${round(-by)})`);
    else element.removeAttribute("transform");
  }

  function layLanes() {
    let above = 0;
    for (const row of rows) {
      const extent = {};
      for (const ground of row.querySelectorAll(":scope > g[data-lane] > rect[id*='-lane-']")) {
        const lane = ground.parentNode.getAttribute("data-lane");
        extent[lane] = [+ground.getAttribute("y"), +ground.getAttribute("height")];
      }
      const gone = (y) =>
        [...hidden].reduce((sum, lane) => sum + (extent[lane] && extent[lane][0] < y ? extent[lane][1] : 0), 0);
      const total = gone(Infinity);
      for (const child of row.children) {
        const lane = child.getAttribute("data-lane");
        if (lane) {
          child.style.display = hidden.has(lane) ? "none" : "";
          shift(child, extent[lane] ? gone(extent[lane][0]) : 0);
        } else if (child.tagName === "line") {
          shift(child, total); // the rule under the row
        }
      }
      shift(row, above);
      above += total;
    }
    poster.h = full.h - above;
    if (page) page.setAttribute("height", round(poster.h));
    if (fitted) fit(fitted);
    else keep();
  }

  for (const box of document.querySelectorAll("input[name='jk-lane']")) {
    box.addEventListener("change", () => {
      if (box.checked) hidden.delete(box.value);
      else hidden.add(box.value);
      layLanes();
    });
  }

  // -- curves: all, or one persona's (or the current or future state's) -------------

  const curves = $("jk-curve");
  if (curves) {
    curves.addEventListener("change", () => {
      curve = curves.value;
      for (const group of svg.querySelectorAll("g[data-curve]")) {
        const shown = !curve || group.getAttribute("data-curve") === curve;
        group.style.display = shown ? "" : "none";
      }
      show(selected && selected.kind, selected && selected.key);
    });
  }

  // -- search and filters dim the touchpoints that do not match ---------------------

  const search = $("jk-search");
  const owner = $("jk-owner");
  const channel = $("jk-channel");
  function filter() {
    const words = search.value.trim().toLowerCase();
    const dim = new Set();
    for (const t of data.touchpoints) {
      const fits =
        (!words || t.text.includes(words)) &&
        (!owner || !owner.value || t.owner === owner.value) &&
        (!channel || !channel.value || t.channel === channel.value);
      if (!fits) dim.add(t.id);
    }
    for (const element of svg.querySelectorAll("[data-tp]")) {
      element.classList.toggle("jk-dim", dim.has(element.getAttribute("data-tp")));
    }
    for (const element of svg.querySelectorAll("[data-flow]")) {
      const about = data.flows[element.getAttribute("data-flow")];
      const off = about && dim.has(about.source) && (!about.target || dim.has(about.target));
      element.classList.toggle("jk-dim", Boolean(off));
    }
  }
  search.addEventListener("input", filter);
  if (owner) owner.addEventListener("change", filter);
  if (channel) channel.addEventListener("change", filter);

  // -- printing: the whole poster on the page ---------------------------------------

  let before = null;
  window.addEventListener("beforeprint", () => {
    before = view;
    svg.setAttribute("viewBox", `0 0 ${round(poster.w)} ${round(poster.h)}`);
  });
  window.addEventListener("afterprint", () => {
    if (before) view = before;
    apply();
  });

  // -- opening: the view kept over a live reload, else fitted; then the deep link ---

  const kept = data.live && readKept();
  if (kept) {
    view = kept;
    fitted = null;
    apply();
  } else {
    fit(data.fit);
  }
  function fromHash() {
    const found = /^#tp=(.+)$/.exec(location.hash);
    let id = null;
    try {
      id = found && decodeURIComponent(found[1]);
    } catch (error) {
      id = null; // a malformed link opens the map without a selection
    }
    if (id && touchpoints.has(id)) select("tp", id, true);
  }
  fromHash();
  window.addEventListener("hashchange", fromHash);
  window.addEventListener("pagehide", () => {
    if (!data.live) return;
    try {
      sessionStorage.setItem("jk-view", JSON.stringify(view));
    } catch (error) {
      // Storage may be off; the map then opens fitted.
    }
  });

  function readKept() {
    try {
      const stored = JSON.parse(sessionStorage.getItem("jk-view") || "null");
      const ok = stored && ["x", "y", "w", "h"].every((k) => Number.isFinite(stored[k]));
      return ok && stored.w > 0 && stored.h > 0 ? stored : null;
    } catch (error) {
      return null;
    }
  }

  // -- the live preview: reload on a save, show what is wrong with a broken one -----

  function startLive(path) {
    if (!path || !/^https?:$/.test(location.protocol) || !window.EventSource) return;
    const banner = document.getElementById("jk-error");
    const text = document.getElementById("jk-error-text");
    const events = new EventSource(path);
    events.addEventListener("reload", () => location.reload());
    events.addEventListener("error", (event) => {
      if (!event.data) return; // the connection dropped: EventSource retries by itself
      let message;
      try {
        message = JSON.parse(event.data).message;
      } catch (error) {
        message = event.data;
      }
      text.textContent = String(message);
      banner.hidden = false;
    });
    events.addEventListener("ok", () => {
      banner.hidden = true;
    });
  }
})();
