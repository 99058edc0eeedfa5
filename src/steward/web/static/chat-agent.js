/* The agents' live chat page: the queue and one conversation, over /chat/agent/ws. Text is only ever set
 * with textContent, never as markup. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var queue = $("chat-queue").tBodies[0], log = $("chat-log"), pane = $("chat-pane"), statusLine = $("chat-status");
  var current = null, ws = null, lastTyping = 0, retry = 1000;
  var seen = {};
  var words = JSON.parse(statusLine.dataset.words || "{}");  // the page's language, from chat.html

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }
  function money(minor, code) {
    try { return new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "currency", currency: code || "USD", maximumFractionDigits: 0 }).format(minor / 100); }
    catch (e) { return String(minor / 100); }
  }
  function row(c) {
    var tr = el("tr");
    tr.dataset.conversation = String(c.id);
    var who = el("a", null, c.contact_name || words.visitor);
    who.href = "#chat-" + c.id;
    var account = el("td");
    if (c.account_id) { var a = el("a", null, c.account_name || ""); a.href = "/accounts/" + c.account_id; account.appendChild(a); }
    var health = el("td");
    if (c.health_grade) health.appendChild(el("span", "badge grade-" + c.health_grade, c.health_grade + (c.health_score == null ? "" : " " + Math.round(c.health_score * 100))));
    var cells = [el("td"), account, health, el("td", null, c.arr_minor == null ? "" : money(c.arr_minor, c.currency)), el("td", null, String(c.waiting)), el("td", "small", (c.last_message || "").slice(0, 80))];
    cells[0].appendChild(who);
    cells.forEach(function (td) { tr.appendChild(td); });
    if (c.waiting) tr.classList.add("waiting");
    if (current === c.id) tr.classList.add("selected");
    return tr;
  }
  function render(rows) {
    queue.replaceChildren.apply(queue, rows.map(row));
    $("chat-empty").hidden = rows.length > 0;
    if (current && !rows.some(function (r) { return r.id === current; })) close();
  }
  function refresh() {
    fetch("/chat/live.json", { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : []; }).then(render);
  }
  function add(m) {
    if (seen[m.id]) return;
    seen[m.id] = true;
    var li = el("li", m.author);
    li.dataset.id = String(m.id);
    if (m.author === "system") { li.textContent = m.body; log.appendChild(li); return; }
    li.appendChild(el("span", "bubble", m.body));
    (m.attachments || []).forEach(function (a) { li.appendChild(el("span", "meta", "📎 " + a.filename + " · " + a.content_type + " · " + a.size + " B")); });
    li.appendChild(el("span", "meta", new Date(m.created_at).toLocaleTimeString()));
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    if (m.author === "customer") send({ type: "read", conversation_id: current, message_id: m.id });
  }
  function openConversation(id) {
    current = id;
    seen = {};
    log.replaceChildren();
    pane.hidden = false;
    $("chat-title").textContent = words.conversation + " #" + id;
    Array.prototype.forEach.call(queue.rows, function (tr) { tr.classList.toggle("selected", Number(tr.dataset.conversation) === id); });
    fetch("/chat/" + id + "/messages.json", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (ms) { ms.forEach(add); });
    $("chat-body").focus();
  }
  function close() { current = null; pane.hidden = true; }
  function send(frame) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(frame)); }
  function onEvent(e) {
    if (e.type === "hello") { render(e.conversations); statusLine.textContent = words.online; return; }
    var convId = e.conversation ? e.conversation.id : e.conversation_id;
    if (e.type === "message") {
      if (convId === current) add(e.message);
      refresh();
    } else if (e.type === "typing" && e.author === "customer" && convId === current) {
      $("chat-typing").hidden = false;
      setTimeout(function () { $("chat-typing").hidden = true; }, 4000);
    } else if (e.type === "ended") {
      refresh();
    } else if (e.type === "error") {
      var box = $("chat-error");
      box.textContent = (e.detail && e.detail[0] && e.detail[0].msg) || words.error;
      box.hidden = false;
    }
  }
  function connect() {
    ws = new WebSocket(location.origin.replace(/^http/, "ws") + "/chat/agent/ws");
    ws.onopen = function () { retry = 1000; };
    ws.onmessage = function (m) { onEvent(JSON.parse(m.data)); };
    ws.onclose = function (e) {
      statusLine.textContent = words.offline;
      if (e.code === 1008) { statusLine.textContent = words.refused; return; }
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }
  queue.addEventListener("click", function (e) {
    var tr = e.target.closest("tr[data-conversation]");
    if (!tr || e.target.closest("a[href^='/accounts']")) return;
    e.preventDefault();
    openConversation(Number(tr.dataset.conversation));
  });
  $("chat-canned").addEventListener("change", function () {
    var option = this.selectedOptions[0];
    if (option && option.dataset.body) $("chat-body").value = option.dataset.body;
  });
  $("chat-body").addEventListener("input", function () {
    var now = Date.now();
    if (current && now - lastTyping > 3000) { lastTyping = now; send({ type: "typing", conversation_id: current }); }
  });
  $("chat-reply").addEventListener("submit", function (e) {
    e.preventDefault();
    var body = $("chat-body").value.trim();
    if (!current || !body) return;
    send({ type: "message", conversation_id: current, body: body });
    $("chat-body").value = "";
    $("chat-canned").value = "";
    $("chat-error").hidden = true;
  });
  $("chat-transfer").addEventListener("click", function () {
    var team = Number($("chat-team").value);
    if (current && team) send({ type: "transfer", conversation_id: current, team_id: team });
  });
  $("chat-end").addEventListener("click", function () {
    if (current) send({ type: "end", conversation_id: current });
  });
  setInterval(function () { send({ type: "ping" }); }, 25000);  // the server closes sockets idle for 60 s
  connect();
})();
