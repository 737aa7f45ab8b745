/* kg graph page: reads the JSON data blocks, draws them with vis-network and wires the search,
   the type and date filters, the neighbourhood highlight and the details panel.
   Graph data is only ever put in the page with textContent (never innerHTML). */
(function () {
  "use strict";

  var readJson = function (id) { return JSON.parse(document.getElementById(id).textContent); };
  var nodeItems = readJson("kg-nodes");
  var edgeItems = readJson("kg-edges");
  var options = readJson("kg-options");
  var data = readJson("kg-data");
  var details = data.details;
  var kindInfo = {};
  data.kinds.forEach(function (k) { kindInfo[k.kind] = k; });

  var FADED = "rgba(190, 196, 206, 0.35)";
  var FADED_EDGE = "rgba(200, 205, 214, 0.18)";
  var FONT = options.nodes.font.color;
  var RELATIONS = [
    ["proposes", "Proposes", "Proposed in"],
    ["uses", "Uses", "Used in"],
    ["evaluatedOn", "Evaluated on", "Evaluation in"],
    ["hasCode", "Code", "Code of"]
  ];

  // ---- small DOM helpers ------------------------------------------------------------------
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function append(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function isHttp(url) { return typeof url === "string" && /^https?:\/\/\S+$/i.test(url); }
  function externalLink(label, url) {
    if (!isHttp(url)) return null;
    var a = el("a", label);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  var SVG = "http://www.w3.org/2000/svg";
  function shapeIcon(shape, color) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("viewBox", "-8 -8 16 16");
    var points = {
      diamond: "0,-7 7,0 0,7 -7,0",
      square: "-6,-6 6,-6 6,6 -6,6",
      triangle: "0,-7 7,6 -7,6",
      triangleDown: "-7,-6 7,-6 0,7",
      hexagon: "-7,0 -3.5,-6 3.5,-6 7,0 3.5,6 -3.5,6",
      star: "0,-7.5 2,-2.6 7.2,-2.3 3.2,1 4.5,6.1 0,3.3 -4.5,6.1 -3.2,1 -7.2,-2.3 -2,-2.6"
    }[shape];
    var s = points ? document.createElementNS(SVG, "polygon") : document.createElementNS(SVG, "circle");
    if (points) s.setAttribute("points", points); else s.setAttribute("r", "6.5");
    s.setAttribute("fill", color);
    s.setAttribute("stroke", "rgba(0,0,0,0.25)");
    svg.appendChild(s);
    return svg;
  }

  // ---- the network ------------------------------------------------------------------------
  function tooltip(id) {
    var d = details[id];
    var box = el("div");
    append(box, el("strong", d.name), el("div", d.kind));
    return box;
  }
  var baseNode = {};
  nodeItems.forEach(function (n) { baseNode[n.id] = n; });
  var nodes = new vis.DataSet(nodeItems.map(function (n) {
    return Object.assign({}, n, { title: tooltip(n.id) });
  }));
  var edges = new vis.DataSet(edgeItems.map(function (e, i) { return Object.assign({ id: i }, e); }));
  var neighbours = {};
  nodeItems.forEach(function (n) { neighbours[n.id] = []; });
  edgeItems.forEach(function (e) { neighbours[e.from].push(e.to); neighbours[e.to].push(e.from); });

  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;
  network.once("afterDrawing", function () {
    window.kgDrawnMs = performance.now();
    document.body.setAttribute("data-drawn", "1");
  });

  // ---- visibility: type and date filters --------------------------------------------------
  var shownKinds = {};
  data.kinds.forEach(function (k) { shownKinds[k.kind] = true; });
  var dateFrom = null, dateTo = null;

  // "2024-03-14", "2024-03", "2024" -> {y, md}; "03-14", "--03-14", "03" -> {y: "", md}; else null
  function parseDate(text) {
    var t = String(text || "").trim(), m;
    if ((m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(t))) return { y: m[1], md: [m[2], m[3]].filter(Boolean).join("-") };
    if ((m = /^(?:--)?(\d{2})(?:-(\d{2}))?$/.exec(t))) return { y: "", md: [m[1], m[2]].filter(Boolean).join("-") };
    return null;
  }
  function comparePrefix(a, b) {
    var n = Math.min(a.length, b.length);
    a = a.slice(0, n); b = b.slice(0, n);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  // order of a listing date against a bound (-1, 0, 1), or null when it cannot be placed: a date
  // without a year is compared by month-day, so against a year-only bound it is out of range
  function compareDate(date, bound) {
    if (date.y && bound.y) {
      var byYear = comparePrefix(date.y, bound.y);
      if (byYear !== 0 || !bound.md) return byYear;
    }
    if (!bound.md) return null;
    return comparePrefix(date.md, bound.md);
  }
  function dateInRange(text) {
    var date = parseDate(text);
    if (!date) return false;
    var low = dateFrom ? compareDate(date, dateFrom) : 0;
    var high = dateTo ? compareDate(date, dateTo) : 0;
    return low !== null && high !== null && low >= 0 && high <= 0;
  }
  var paperInRange = {};
  function computeDates() {
    paperInRange = {};
    nodeItems.forEach(function (n) {
      if (n.kind === "Paper") paperInRange[n.id] = !(dateFrom || dateTo) || details[n.id].dates.some(dateInRange);
    });
  }
  function isVisible(n) {
    if (!shownKinds[n.kind]) return false;
    if (!(dateFrom || dateTo)) return true;
    if (n.kind === "Paper") return paperInRange[n.id];
    return neighbours[n.id].some(function (m) { return paperInRange[m] === true; });
  }
  var hiddenNow = {};
  function applyFilters() {
    computeDates();
    var nodeUpdates = [];
    nodeItems.forEach(function (n) {
      var hidden = !isVisible(n);
      if (hidden !== !!hiddenNow[n.id]) nodeUpdates.push({ id: n.id, hidden: hidden });
      hiddenNow[n.id] = hidden;
    });
    if (!nodeUpdates.length) return;
    nodes.update(nodeUpdates);
    edges.update(edgeItems.map(function (e, i) { return { id: i, hidden: !!(hiddenNow[e.from] || hiddenNow[e.to]) }; }));
    if (selected && hiddenNow[selected]) clearSelection();
  }

  function buildLegend() {
    var legend = document.getElementById("legend");
    data.kinds.forEach(function (k) {
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = k.kind;
      box.setAttribute("data-kind", k.kind);
      box.addEventListener("change", function () { shownKinds[k.kind] = box.checked; applyFilters(); });
      var count = data.truncated ? k.drawn.toLocaleString("en") + " / " + k.total.toLocaleString("en") : k.total.toLocaleString("en");
      var label = append(el("label"), box, shapeIcon(k.shape, k.color), el("span", k.kind), el("span", count, "count"));
      legend.appendChild(append(el("li"), label));
    });
  }

  function wireDates() {
    if (data.dates.length) {
      document.getElementById("date-from").placeholder = "from " + data.dates[0].replace(/^--/, "");
      document.getElementById("date-to").placeholder = "to " + data.dates[1].replace(/^--/, "");
    }
    ["date-from", "date-to"].forEach(function (id) {
      var input = document.getElementById(id);
      input.addEventListener("input", function () {
        var text = input.value.trim();
        var parsed = text ? parseDate(text) : null;
        input.classList.toggle("invalid", !!text && !parsed);
        if (id === "date-from") dateFrom = parsed; else dateTo = parsed;
        applyFilters();
      });
    });
  }

  // ---- selection: neighbourhood highlight and panel ---------------------------------------
  var selected = null;
  function fontOf(n) { return { size: n.font.size, color: FONT, strokeWidth: options.nodes.font.strokeWidth }; }
  // fade all but the node and its neighbours, whose labels grow to stay readable at `scale`
  function highlight(id, scale) {
    var keep = {};
    keep[id] = true;
    neighbours[id].forEach(function (m) { keep[m] = true; });
    var readable = Math.min(40, Math.max(12, 13 / scale));
    nodes.update(nodeItems.map(function (n) {
      if (!keep[n.id]) return { id: n.id, color: FADED, font: { size: n.font.size, color: "rgba(0,0,0,0)", strokeWidth: 0 } };
      var font = fontOf(n);
      font.size = Math.max(font.size, readable);
      return { id: n.id, color: n.color, font: font };
    }));
    edges.update(edgeItems.map(function (e, i) {
      var on = e.from === id || e.to === id;
      return { id: i, color: on ? e.color : FADED_EDGE, width: on ? 1.6 : 0.7 };
    }));
  }
  function unhighlight() {
    nodes.update(nodeItems.map(function (n) { return { id: n.id, color: n.color, font: fontOf(n) }; }));
    edges.update(edgeItems.map(function (e, i) { return { id: i, color: e.color, width: 0.7 }; }));
  }
  // select a node: highlight, open the panel and, when asked (search) or when the panel would
  // cover it, move the view so that the node sits in the middle of the visible part
  function selectNode(id, focus) {
    if (!details[id]) return;
    selected = id;
    var scale = focus ? Math.max(network.getScale(), 1) : network.getScale();
    network.selectNodes([id]);
    highlight(id, scale);
    showPanel(id);
    var panelWidth = document.getElementById("panel").offsetWidth + 24;
    var at = network.canvasToDOM(network.getPositions([id])[id]);
    if (focus || at.x > container.clientWidth - panelWidth) {
      network.focus(id, { scale: scale, offset: { x: -panelWidth / 2, y: 0 }, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    }
  }
  function clearSelection() {
    if (selected === null) return;
    selected = null;
    network.unselectAll();
    unhighlight();
    document.getElementById("panel").hidden = true;
  }
  network.on("click", function (params) {
    if (params.nodes.length) selectNode(params.nodes[0], false);
    else clearSelection();
  });
  document.getElementById("panel-close").addEventListener("click", clearSelection);

  function nodeRef(id, text) {
    if (!details[id]) return el("span", text + " (not drawn)", "muted");
    var a = el("a", text, "ref");
    a.href = "#";
    a.setAttribute("role", "button");
    a.addEventListener("click", function (ev) { ev.preventDefault(); selectNode(id, true); });
    return a;
  }
  function refList(items, extra) {
    var ul = el("ul");
    items.forEach(function (item) {
      var li = append(el("li"), nodeRef(item[0], item[1]));
      if (item[2]) li.appendChild(el("span", " (" + item[2] + ")", "muted"));
      ul.appendChild(li);
    });
    if (extra > 0) ul.appendChild(el("li", "and " + extra.toLocaleString("en") + " more", "muted"));
    return ul;
  }
  function linksRow(urls) {
    if (!urls.length) return null;
    var p = el("p", null, "links");
    urls.forEach(function (u) { append(p, externalLink(u[0], u[1])); });
    return p;
  }
  function badge(kind) {
    var b = el("span", kind, "badge");
    b.style.background = kindInfo[kind].color;
    return b;
  }
  function showDate(d) { return d.indexOf("--") === 0 ? d.slice(2) + " (no year)" : d; }

  function paperPanel(body, d) {
    append(body, el("h2", d.name), badge("Paper"));
    if (d.dates.length) body.appendChild(el("p", "Listed: " + d.dates.map(showDate).join(", "), "meta"));
    if (d.date) body.appendChild(el("p", "Date: " + d.date, "meta"));
    if (d.authors.length) body.appendChild(el("p", d.authors.join(", "), "meta"));
    append(body, linksRow(d.urls));
    append(body, el("h3", "Abstract"), el("p", d.abstract || "(no abstract)", "abstract"));
    var any = false;
    RELATIONS.forEach(function (r) {
      var items = d.links[r[0]];
      if (!items || !items.length) return;
      any = true;
      append(body, el("h3", r[1] + " (" + items.length + ")"), refList(items, 0));
    });
    if (!any) append(body, el("h3", "Entities"), el("p", "none found", "muted"));
  }
  function entityPanel(body, d) {
    append(body, el("h2", d.name), badge(d.kind));
    if (d.aliases.length) body.appendChild(el("p", "Also: " + d.aliases.join(", "), "meta"));
    append(body, linksRow(d.urls));
    if (d.family.length) append(body, el("h3", "Variant of"), refList(d.family, 0));
    if (d.variants.length) append(body, el("h3", "Variants"), refList(d.variants, 0));
    RELATIONS.forEach(function (r) {
      var items = d.papers[r[0]];
      if (!items || !items.length) return;
      var total = d.paperCounts[r[0]];
      append(body, el("h3", r[2] + " (" + total + ")"), refList(items, total - items.length));
    });
    if (d.evidence.length) {
      body.appendChild(el("h3", "Evidence"));
      var ul = el("ul", null, "evidence");
      d.evidence.forEach(function (ev) {
        var li = append(el("li"), el("span", "\u201c" + ev[1] + "\u201d "));
        li.appendChild(nodeRef(ev[0], "paper"));
        ul.appendChild(li);
      });
      if (d.evidenceCount > d.evidence.length) ul.appendChild(el("li", "and " + (d.evidenceCount - d.evidence.length) + " more", "muted"));
      body.appendChild(ul);
    }
  }
  function showPanel(id) {
    var d = details[id];
    var body = document.getElementById("panel-body");
    body.replaceChildren();
    body.setAttribute("data-node", id);
    if (d.kind === "Paper") paperPanel(body, d); else entityPanel(body, d);
    var panel = document.getElementById("panel");
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  // ---- search -----------------------------------------------------------------------------
  var index = nodeItems.map(function (n) {
    var d = details[n.id];
    return { id: n.id, name: d.name, kind: d.kind, keys: [d.name].concat(d.aliases || []).map(function (s) { return s.toLowerCase(); }) };
  });
  function matches(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var found = [];
    index.forEach(function (item) {
      var score = 9;
      item.keys.forEach(function (k, i) {
        var s = k === q ? (i === 0 ? 0 : 1) : k.indexOf(q) === 0 ? 2 : k.indexOf(q) > 0 ? 3 : 9;
        if (s < score) score = s;
      });
      if (score < 9) found.push({ item: item, score: score });
    });
    found.sort(function (a, b) {
      return a.score - b.score || baseNode[b.item.id].size - baseNode[a.item.id].size || (a.item.name < b.item.name ? -1 : a.item.name > b.item.name ? 1 : 0);
    });
    return found.slice(0, 30).map(function (f) { return f.item; });
  }
  function wireSearch() {
    var input = document.getElementById("search");
    var results = document.getElementById("results");
    var current = [];
    function render() {
      current = matches(input.value);
      results.replaceChildren();
      current.forEach(function (item, i) {
        var li = append(el("li"), shapeIcon(kindInfo[item.kind].shape, kindInfo[item.kind].color), el("span", item.name, "name"), el("span", item.kind, "kind"));
        li.setAttribute("data-node", item.id);
        if (i === 0) li.classList.add("active");
        li.addEventListener("click", function () { selectNode(item.id, true); });
        results.appendChild(li);
      });
      if (input.value.trim() && !current.length) results.appendChild(el("li", "no match", "muted"));
    }
    input.addEventListener("input", render);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && current.length) selectNode(current[0].id, true);
    });
  }

  // ---- wiring -----------------------------------------------------------------------------
  var notice = document.getElementById("notice");
  notice.textContent = data.notice;
  if (data.truncated) notice.classList.add("truncated");
  buildLegend();
  wireDates();
  wireSearch();
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });
  document.getElementById("reset").addEventListener("click", function () {
    document.querySelectorAll("#legend input").forEach(function (box) { box.checked = true; shownKinds[box.value] = true; });
    ["date-from", "date-to"].forEach(function (id) {
      var input = document.getElementById(id);
      input.value = "";
      input.classList.remove("invalid");
    });
    dateFrom = dateTo = null;
    applyFilters();
  });
  window.kg = { nodes: nodes, edges: edges, details: details, selectNode: selectNode, clearSelection: clearSelection, parseDate: parseDate, dateInRange: dateInRange };
})();
