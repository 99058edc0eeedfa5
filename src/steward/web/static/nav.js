// The grouped navigation: one menu open at a time; a click elsewhere or Escape closes it (focus goes back
// to the group's name so the keyboard carries on from there). Without this script each <details> still opens.
(function () {
  var groups = Array.prototype.slice.call(document.querySelectorAll("details.nav-group"));
  if (!groups.length) return;
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) return;
      groups.forEach(function (other) { if (other !== group) other.open = false; });
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) { if (!group.contains(event.target)) group.open = false; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    groups.forEach(function (group) {
      if (!group.open) return;
      group.open = false;
      group.querySelector("summary").focus();
    });
  });
})();
