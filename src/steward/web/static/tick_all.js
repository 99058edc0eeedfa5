// Lists with bulk changes: a box marked data-tick-all="NAME" ticks (or clears) every input[name=NAME] on the page.
(function () {
  document.querySelectorAll("input[data-tick-all]").forEach(function (all) {
    all.addEventListener("change", function () {
      var name = all.getAttribute("data-tick-all");
      document.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        if (box.name === name) box.checked = all.checked;
      });
    });
  });
})();
