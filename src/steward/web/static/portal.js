// Portal: while the customer types a subject, matching help-center articles are suggested (no script, no
// suggestions: the form still works). Each link carries the form's token, so reading it can count as a
// deflected ticket; the "answered my question" button appears once a suggestion was shown.
(function () {
  var subject = document.getElementById("portal-subject");
  var box = document.getElementById("portal-suggestions");
  var list = document.getElementById("portal-suggestion-list");
  var token = document.getElementById("portal-form-token");
  var solved = document.getElementById("portal-solved-form");
  if (!subject || !box || !list) return;
  var timer = null;
  var asked = "";
  function show(items) {
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = item.title;
      a.className = "portal-suggestion";
      li.appendChild(a);
      list.appendChild(li);
    });
    box.hidden = items.length === 0;
    if (items.length && solved) solved.hidden = false;
  }
  function ask() {
    var q = subject.value.trim();
    if (q === asked) return;
    asked = q;
    if (q.length < 3) { show([]); return; }
    var url = subject.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q) +
      "&form=" + encodeURIComponent(token ? token.value : "");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (body) { if (subject.value.trim() === q) show(body.items || []); })
      .catch(function () {});
  }
  subject.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 300);
  });
  ask();
})();

// Attachment details: picking files fills the form's empty rows with each file's name, size and type. The
// file itself is never read or sent (the portal keeps metadata only).
(function () {
  var picker = document.getElementById("portal-file-picker");
  if (!picker) return;
  picker.addEventListener("change", function () {
    var rows = Array.prototype.slice.call(document.querySelectorAll(".portal-attachment-row"));
    var files = Array.prototype.slice.call(picker.files || []);
    rows.forEach(function (row) {
      var name = row.querySelector("[name=att_name]");
      if (!files.length || name.value) return;
      var file = files.shift();
      name.value = file.name;
      row.querySelector("[name=att_size]").value = String(file.size);
      row.querySelector("[name=att_type]").value = file.type || "";
    });
    picker.value = "";  // nothing of the file leaves with the form
  });
})();
