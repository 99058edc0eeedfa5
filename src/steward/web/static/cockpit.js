// Cockpit: one box ticks (or clears) every CTA on the page for the bulk changes.
(function () {
  var all = document.getElementById("tick-all-ctas");
  if (!all) return;
  all.addEventListener("change", function () {
    document.querySelectorAll("input[name=cta_ids]").forEach(function (box) { box.checked = all.checked; });
  });
})();
