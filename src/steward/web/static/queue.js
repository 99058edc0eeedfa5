// Ticket queue: one box ticks (or clears) every ticket on the page for the bulk actions.
(function () {
  var all = document.getElementById("tick-all");
  if (!all) return;
  all.addEventListener("change", function () {
    document.querySelectorAll("input[name=ticket_ids]").forEach(function (box) { box.checked = all.checked; });
  });
})();
