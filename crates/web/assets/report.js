// The report page: a click on a finding marks the cells it names (the first
// `primary`, the others `related`) in the tables and in the document, marks
// the line it points at, and scrolls the document there — without a reload.
// Without this script the same links reload the page with ?finding=N, which
// the server marks. Plain ES5, for the browsers of older office PCs.
"use strict";
(function () {
  function each(list, f) { Array.prototype.forEach.call(list, f); }
  function up(node, test) {
    while (node && node.nodeType === 1) { if (test(node)) return node; node = node.parentNode; }
    return null;
  }
  function clear() {
    each(document.querySelectorAll(".primary, .related"), function (el) {
      el.classList.remove("primary");
      el.classList.remove("related");
    });
    each(document.querySelectorAll("#source .line.hit"), function (el) { el.classList.remove("hit"); });
    each(document.querySelectorAll("#findings li.selected"), function (el) { el.classList.remove("selected"); });
  }
  // Whether a path a finding names covers a cell: the cell itself, its row
  // (requests.denied_law) or its column (requests.*.social_welfare).
  function names(named, cell) {
    if (named === cell) return true;
    var n = named.split("."), c = cell.split(".");
    if (n.length < 2 || n.length > c.length) return false;
    for (var i = 0; i < n.length; i++) { if (n[i] !== "*" && n[i] !== c[i]) return false; }
    return true;
  }
  function byPath(named) {
    var out = [];
    each(document.querySelectorAll("#tables [data-path], #source [data-path]"), function (el) {
      if (names(named, el.getAttribute("data-path"))) out.push(el);
    });
    return out;
  }
  // Scrolls the pane `box` so that `el` stands a third of the way down it.
  function bring(box, el) {
    if (!box || !el || box.scrollHeight <= box.clientHeight) return;
    var offset = el.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop = Math.max(0, box.scrollTop + offset - box.clientHeight / 3);
  }
  function scrollSource(line) { bring(document.getElementById("source"), line); }
  function show(item) {
    clear();
    item.classList.add("selected");
    var paths = (item.getAttribute("data-cells") || "").split(" ");
    var first = null;
    each(paths, function (path, i) {
      if (!path) return;
      each(byPath(path), function (el) {
        if (el.classList.contains("primary")) return;
        el.classList.remove("related");
        el.classList.add(i === 0 ? "primary" : "related");
        if (!first && el.tagName === "TD") first = el;
      });
    });
    var number = item.getAttribute("data-line");
    var line = number ? document.getElementById("L" + number) : null;
    if (line) line.classList.add("hit");
    scrollSource(line);
    bring(document.getElementById("tables"), first);
    if (window.history && history.replaceState) {
      var url = location.pathname + "?finding=" + item.getAttribute("data-finding") +
        (/[?&]lang=en\b/.test(location.search) ? "&lang=en" : "");
      history.replaceState(null, "", url);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("findings");
    if (!list) return;
    list.addEventListener("click", function (event) {
      var link = up(event.target, function (el) { return el.tagName === "A"; });
      if (!link || !(link.classList.contains("show") || link.classList.contains("line-link"))) return;
      var item = up(link, function (el) { return el.hasAttribute("data-finding"); });
      if (!item) return;
      event.preventDefault();
      if (link.classList.contains("show") && item.classList.contains("selected")) {
        clear();
        if (window.history && history.replaceState) {
          history.replaceState(null, "", location.pathname + (/[?&]lang=en\b/.test(location.search) ? "?lang=en" : ""));
        }
        return;
      }
      show(item);
    });
    var selected = list.querySelector("li.selected");
    if (selected) show(selected);
  });
})();
