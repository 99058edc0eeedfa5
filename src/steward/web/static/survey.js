// Survey page: show each follow-up question only for the scores it is asked for (the server checks too).
(function () {
  "use strict";
  function score() {
    var checked = document.querySelector('#score input[name="score"]:checked');
    if (checked) return Number(checked.value);
    var first = document.querySelector('.question:not([data-min]):not([data-max]) input[type="radio"]:checked');
    return first ? Number(first.value) : null;
  }
  function update() {
    var value = score();
    document.querySelectorAll(".question[data-min], .question[data-max]").forEach(function (q) {
      var min = q.dataset.min === "" || q.dataset.min === undefined ? -Infinity : Number(q.dataset.min);
      var max = q.dataset.max === "" || q.dataset.max === undefined ? Infinity : Number(q.dataset.max);
      var shown = value !== null && value >= min && value <= max;
      q.hidden = !shown;
      q.querySelectorAll("input, textarea").forEach(function (el) { el.disabled = !shown; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('input[type="radio"]').forEach(function (el) {
      el.addEventListener("change", update);
    });
    update();
  });
})();
