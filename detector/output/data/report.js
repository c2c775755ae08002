(function () {
  "use strict";
  // Findings are read from the JSON data block and shown with textContent only (never as HTML):
  // the article text and every rule message are untrusted.
  var data = JSON.parse(document.getElementById("mtcheck-data").textContent);
  var byId = {};
  data.files.forEach(function (file) {
    file.findings.forEach(function (f) { f.path = file.path; byId[f.id] = f; });
  });
  var panel = document.getElementById("detail");
  var body = document.getElementById("detail-body");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function detail(f) {
    var box = el("section", "fam-" + f.family);
    box.appendChild(el("h3", null, f.code + " " + f.rule + " (" + f.severity + ")"));
    box.appendChild(el("p", "where muted", f.path + ":" + f.line + ":" + f.column));
    box.appendChild(el("p", "flagged", "\u201c" + f.text + "\u201d"));
    box.appendChild(el("p", "message", f.message));
    if (f.suggestions.length) {
      box.appendChild(el("p", "suggestion", "Suggestion: " + f.suggestions.join(" | ")));
    }
    if (f.why) { box.appendChild(el("p", "why", "Why: " + f.why)); }
    var dl = el("dl");
    var rows = [["confidence", f.confidence.toFixed(2)]];
    Object.keys(f.evidence).forEach(function (k) { rows.push([k, String(f.evidence[k])]); });
    rows.forEach(function (row) {
      dl.appendChild(el("dt", null, row[0]));
      dl.appendChild(el("dd", null, row[1]));
    });
    box.appendChild(dl);
    return box;
  }

  function select(ids) {
    Array.prototype.forEach.call(document.querySelectorAll("mark.f.selected"), function (m) {
      m.classList.remove("selected");
    });
    Array.prototype.forEach.call(document.querySelectorAll("mark.f"), function (m) {
      var own = (m.getAttribute("data-ids") || "").split(" ");
      if (own.some(function (id) { return ids.indexOf(id) >= 0; })) { m.classList.add("selected"); }
    });
  }

  function show(ids) {
    clear(body);
    ids.forEach(function (id) { if (byId[id]) { body.appendChild(detail(byId[id])); } });
    select(ids);
    panel.hidden = false;
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    var mark = target && target.closest("mark.f");
    if (mark) { show(mark.getAttribute("data-ids").split(" ")); return; }
    var link = target && target.closest("a[data-finding]");
    if (link) { show([link.getAttribute("data-finding")]); }
  });
  document.addEventListener("keydown", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if ((ev.key === "Enter" || ev.key === " ") && target && target.matches("mark.f")) {
      ev.preventDefault();
      show(target.getAttribute("data-ids").split(" "));
    } else if (ev.key === "Escape") {
      panel.hidden = true;
      select([]);
    }
  });
  // Show or hide articles by verdict; collapse or expand them all.
  function applyFilter() {
    var shown = {};
    Array.prototype.forEach.call(document.querySelectorAll("input.verdict-filter"), function (b) {
      shown[b.value] = b.checked;
    });
    Array.prototype.forEach.call(document.querySelectorAll("article.file"), function (a) {
      a.hidden = shown[a.getAttribute("data-verdict")] === false;
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("input.verdict-filter"), function (b) {
    b.addEventListener("change", applyFilter);
  });
  function openAll(open) {
    Array.prototype.forEach.call(document.querySelectorAll("details.article"), function (d) {
      d.open = open;
    });
  }
  var collapse = document.getElementById("collapse-all");
  var expand = document.getElementById("expand-all");
  if (collapse) { collapse.addEventListener("click", function () { openAll(false); }); }
  if (expand) { expand.addEventListener("click", function () { openAll(true); }); }
  // Following a link into a collapsed article opens it.
  window.addEventListener("hashchange", function () {
    var target = document.getElementById(location.hash.slice(1));
    var box = target && target.closest("details.article");
    if (box) { box.open = true; target.scrollIntoView(); }
  });

  document.getElementById("detail-close").addEventListener("click", function () {
    panel.hidden = true;
    select([]);
  });
}());
