// Ticket queue: one box ticks (or clears) every ticket on the page for the bulk actions.
(function () {
  var all = document.getElementById("tick-all");
  if (!all) return;
  all.addEventListener("change", function () {
    document.querySelectorAll("input[name=ticket_ids]").forEach(function (box) { box.checked = all.checked; });
  });
})();

// The queue's keys: j/k or the arrows move between tickets, Enter or o opens one, a assigns it to me,
// / goes to the search box (shortcuts.js keeps them away from fields and opens the list with ?).
(function () {
  if (!window.Steward || !window.Steward.shortcuts) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr"));
  var current = -1;
  function move(by) {
    if (!rows.length) return;
    if (current >= 0) rows[current].classList.remove("kb-current");
    current = current < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, current + by));
    var row = rows[current];
    row.classList.add("kb-current");
    row.setAttribute("aria-current", "true");
    row.scrollIntoView({ block: "nearest" });
  }
  function link() {
    return current >= 0 ? rows[current].querySelector("a[href^='/tickets/']") : null;
  }
  function open(event) {
    var target = event.target;
    if (target && /^(A|BUTTON|INPUT)$/.test(target.tagName)) return false; // their own Enter
    var a = link();
    if (!a) return false;
    window.location.href = a.getAttribute("href");
  }
  function assignToMe() {
    var form = document.getElementById("bulk-form");
    if (!form || current < 0) return false;
    var box = rows[current].querySelector("input[name=ticket_ids]");
    var who = form.querySelector("select[name=assignee_id]");
    if (!box || !who) return false;
    document.querySelectorAll("input[name=ticket_ids]").forEach(function (b) { b.checked = b === box; });
    who.value = form.getAttribute("data-me");
    form.requestSubmit(form.querySelector("button[value=assign]"));
  }
  window.Steward.shortcuts({
    j: function () { move(1); },
    ArrowDown: function () { move(1); },
    k: function () { move(-1); },
    ArrowUp: function () { move(-1); },
    Enter: open,
    o: open,
    a: assignToMe,
    "/": function () {
      var search = document.querySelector("#queue-filters input[name=q]");
      if (!search) return false;
      search.focus();
      search.select();
    },
  });
})();
