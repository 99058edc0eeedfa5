// "Print or save as PDF" buttons: the page's CSP allows no inline handlers, so the click is wired here.
(function () {
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
