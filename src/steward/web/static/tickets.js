// SLA timers count down without a reload: each <time class="sla-timer" datetime="..."> is rewritten every
// 30 s, worded as tickets.until() words it on the server ("2 d 4 h left", "overdue by 3 h"), in the page's
// language when _sla_words.html gave the words (#sla-words).
(function () {
  var given = document.getElementById("sla-words");
  var words = given ? given.dataset : {};
  var english = {
    left: "{span} left", overdue: "overdue by {span}", dh: "{days} d {hours} h", d: "{days} d",
    hm: "{hours} h {mins} min", h: "{hours} h", m: "{mins} min",
  };
  function say(key, values) {
    return (words[key] || english[key]).replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }
  function span(minutes) {
    minutes = Math.abs(minutes);
    var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
    var values = { days: days, hours: hours, mins: mins };
    if (days) return say(hours ? "dh" : "d", values);
    if (hours) return say(mins ? "hm" : "h", values);
    return say("m", values);
  }
  function render(el) {
    var due = Date.parse(el.getAttribute("datetime"));
    if (isNaN(due)) return;
    var minutes = Math.floor((due - Date.now()) / 60000);
    el.textContent = say(minutes < 0 ? "overdue" : "left", { span: span(minutes) });
    el.classList.toggle("sla-breached", minutes < 0);
    el.classList.toggle("sla-soon", minutes >= 0 && minutes <= 60);
  }
  function tick() { document.querySelectorAll("time.sla-timer").forEach(render); }
  tick();
  setInterval(tick, 30000);
})();

// Text goes into the reply where the cursor is (at the end when the box was never focused).
function stewardInsertAtCursor(body, text) {
  var focused = document.activeElement === body || body.dataset.touched === "1";
  var start = focused ? body.selectionStart : body.value.length;
  var end = focused ? body.selectionEnd : body.value.length;
  body.value = body.value.slice(0, start) + text + body.value.slice(end);
  body.focus();
  body.setSelectionRange(start + text.length, start + text.length);
  body.dataset.touched = "1";
}

// A canned response (filled in for this ticket on the server) goes in at the cursor and proposes its
// status. A mouse pick inserts at once; from the keyboard, arrows only choose and Enter inserts, so
// walking the list does not paste every response on the way.
(function () {
  var pick = document.getElementById("canned-pick");
  var body = document.getElementById("reply-body");
  if (!body) return;
  body.addEventListener("blur", function () { body.dataset.touched = "1"; });
  if (!pick) return;
  var keyed = false;
  function insert() {
    var option = pick.options[pick.selectedIndex];
    var text = option && option.getAttribute("data-body");
    if (!text) return;
    stewardInsertAtCursor(body, text);
    var status = option.getAttribute("data-status");
    var select = document.getElementById("reply-status");
    if (status && select) select.value = status;
    pick.value = "";
  }
  pick.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      keyed = false;
      insert();
    } else if (event.key === "Escape") {
      pick.value = "";
      keyed = false;
      pick.blur();
    } else if (event.key !== "Tab") {
      keyed = true;
    }
  });
  pick.addEventListener("change", function () {
    if (!keyed) insert();
  });
  pick.addEventListener("blur", function () { keyed = false; });
})();

// A suggested help-center article's public link goes into the reply where the cursor is.
(function () {
  var body = document.getElementById("reply-body");
  if (!body) return;
  document.querySelectorAll("button.insert-link").forEach(function (button) {
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-url");
      if (!url) return;
      var focused = body.dataset.touched === "1";
      var before = body.value.slice(0, focused ? body.selectionStart : body.value.length);
      stewardInsertAtCursor(body, (before && !/\s$/.test(before) ? " " : "") + url + " ");
    });
  });
})();

// The reply's keys: r writes, c picks a canned response, Ctrl/Cmd+Enter sends, Esc leaves the box.
(function () {
  var body = document.getElementById("reply-body");
  var form = document.getElementById("act");
  if (!body || !form) return;
  body.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit(document.getElementById("reply-send"));
    } else if (event.key === "Escape") {
      event.preventDefault();
      body.blur();
    }
  });
  if (!window.Steward || !window.Steward.shortcuts) return;
  window.Steward.shortcuts({
    r: function () { body.focus(); },
    c: function () {
      var pick = document.getElementById("canned-pick");
      if (!pick) return false;
      pick.focus();
    },
  });
})();
