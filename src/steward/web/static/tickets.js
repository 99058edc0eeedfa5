// SLA timers count down without a reload: each <time class="sla-timer" datetime="..."> is rewritten every 30 s.
(function () {
  function render(el) {
    var due = Date.parse(el.getAttribute("datetime"));
    if (isNaN(due)) return;
    var minutes = Math.floor((due - Date.now()) / 60000);
    var span = Math.abs(minutes);
    var text = span >= 60 ? Math.floor(span / 60) + " h " + (span % 60) + " min" : span + " min";
    el.textContent = minutes < 0 ? text + " over" : "in " + text;
    el.classList.toggle("sla-breached", minutes < 0);
    el.classList.toggle("sla-soon", minutes >= 0 && minutes <= 60);
  }
  function tick() { document.querySelectorAll("time.sla-timer").forEach(render); }
  tick();
  setInterval(tick, 30000);
})();

// A canned response goes into the reply where the cursor is, and proposes its status.
(function () {
  var pick = document.getElementById("canned-pick");
  var body = document.getElementById("reply-body");
  if (!pick || !body) return;
  pick.addEventListener("change", function () {
    var option = pick.options[pick.selectedIndex];
    var text = option.getAttribute("data-body");
    if (!text) return;
    var at = body.selectionStart || body.value.length;
    body.value = body.value.slice(0, at) + text + body.value.slice(body.selectionEnd || at);
    var status = option.getAttribute("data-status");
    var select = document.getElementById("reply-status");
    if (status && select) select.value = status;
    pick.value = "";
    body.focus();
  });
})();

// A suggested help-center article's public link goes into the reply where the cursor is.
(function () {
  var body = document.getElementById("reply-body");
  if (!body) return;
  document.querySelectorAll("button.insert-link").forEach(function (button) {
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-url");
      if (!url) return;
      var at = body.selectionStart || body.value.length;
      var before = body.value.slice(0, at);
      var text = (before && !/\s$/.test(before) ? " " : "") + url + " ";
      body.value = before + text + body.value.slice(body.selectionEnd || at);
      body.focus();
    });
  });
})();
