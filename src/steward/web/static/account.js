// Account page: tabs that show one group of sections at a time, and header actions that open their form
// in a dialog. The hash names the tab (or any section inside it), so links, reloads and redirects such as
// "/accounts/7#timeline" land on the right tab. Without this script every section shows, one after another.
(function () {
  var tabs = Array.prototype.slice.call(document.querySelectorAll("[data-tab]"));
  var panels = document.querySelectorAll("[data-panel]");
  var list = document.querySelector("[role=tablist]");
  if (!tabs.length || !list) return;

  function show(name) {
    tabs.forEach(function (tab) {
      var on = tab.getAttribute("data-tab") === name;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
    });
    panels.forEach(function (panel) { panel.hidden = panel.getAttribute("data-panel") !== name; });
  }

  function panelOf(id) {
    var target = id && document.getElementById(id);
    var panel = target && target.closest("[data-panel]");
    return panel ? panel.getAttribute("data-panel") : null;
  }

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var name = panelOf(id);
    show(name || list.getAttribute("data-initial") || "overview");
    var target = name && document.getElementById(id);
    if (target && target.getAttribute("role") !== "tabpanel") target.scrollIntoView();
  }

  tabs.forEach(function (tab, i) {
    tab.addEventListener("click", function (event) {
      event.preventDefault();
      show(tab.getAttribute("data-tab"));
      history.replaceState(null, "", tab.getAttribute("href"));
    });
    // Arrow keys move between tabs, as in any tab list; Home and End go to the ends.
    tab.addEventListener("keydown", function (event) {
      var to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      var next = tabs[(to + tabs.length) % tabs.length];
      next.click();
      next.focus();
    });
  });
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();

(function () {
  document.querySelectorAll("[data-dialog]").forEach(function (button) {
    button.addEventListener("click", function () {
      var dialog = document.getElementById(button.getAttribute("data-dialog"));
      if (dialog && !dialog.open) dialog.showModal();
    });
  });
  document.querySelectorAll("dialog [data-close]").forEach(function (button) {
    button.addEventListener("click", function () { button.closest("dialog").close(); });
  });
  // A form that came back with errors opens again.
  document.querySelectorAll("dialog[data-open]").forEach(function (dialog) { dialog.showModal(); });
})();
