// The Sources page's live table: poll the newest events every 3 seconds and redraw the rows (text only).
(function () {
  const table = document.getElementById("live-events");
  if (!table) return;
  const body = table.querySelector("tbody");
  // Times as the page writes them: the page's language (<html lang>) and the user's time zone (data-zone).
  function formatter(zone) {
    const style = { dateStyle: "medium", timeStyle: "short" };
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || "en", Object.assign({ timeZone: zone }, style));
    } catch (err) { // a zone or language this browser does not know
      return new Intl.DateTimeFormat(undefined, style);
    }
  }
  const when = formatter(table.dataset.zone || "UTC");
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
        const received = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(e.received_at) ? e.received_at : e.received_at + "Z");
        tr.append(cell(when.format(received)), cell(e.type), cell(e.event),
                  cell(e.user_id || e.anonymous_id), cell(e.group_id));
        return tr;
      }));
    } catch (err) { /* offline for a moment: try again next tick */ }
  }
  setInterval(refresh, 3000);
})();
