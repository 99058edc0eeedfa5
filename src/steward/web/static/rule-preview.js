// The rule page's "Matches now" card: the page answers at once and this asks for the matching accounts after
// load (they take the whole account frame to compute). The fragment is server-rendered and escaped.
(function () {
  "use strict";
  const card = document.getElementById("preview");
  if (!card || !card.dataset.url) return;
  const state = document.getElementById("preview-state");
  fetch(card.dataset.url, { credentials: "same-origin", headers: { Accept: "text/html" } })
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    })
    .then(function (html) {
      const part = document.createElement("template");
      part.innerHTML = html;
      card.replaceChildren(part.content);
    })
    .catch(function () {
      state.textContent = card.dataset.failed;
      const again = document.createElement("a");
      again.href = card.dataset.url.replace("?part=1", "");
      again.textContent = card.dataset.open;
      state.append(again);
    });
})();
