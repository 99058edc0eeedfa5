// The Sources page's live table: poll the newest events every 3 seconds and redraw the rows (text only).
(function () {
  const table = document.getElementById("live-events");
  if (!table) return;
  const body = table.querySelector("tbody");
  function cell(text) {
    const td = document.createElement("td");
    td.textContent = text || "";
    return td;
  }
  async function refresh() {
    try {
      const response = await fetch(table.dataset.source, { credentials: "same-origin" });
      if (!response.ok) return;
      const events = await response.json();
      if (!events.length) return;
      body.replaceChildren(...events.map(function (e) {
        const tr = document.createElement("tr");
        tr.append(cell(e.received_at.replace("T", " ").slice(0, 19)), cell(e.type), cell(e.event),
                  cell(e.user_id || e.anonymous_id), cell(e.group_id));
        return tr;
      }));
    } catch (err) { /* offline for a moment: try again next tick */ }
  }
  setInterval(refresh, 3000);
})();
