/* Steward in-app survey widget: no dependencies, no cookies, about 4 KB.
 *
 *   <script src="https://steward.example.com/static/steward-widget.js"
 *           data-survey="PUBLIC_KEY" data-user="CONTACT_EXTERNAL_ID" data-user-hash="HMAC"
 *           data-lang="de" defer></script>
 *
 * data-user and data-user-hash are optional: without them the answer is anonymous. The hash is the hex
 * HMAC-SHA256 of the user id under the survey's widget secret, computed on the customer's server.
 * Call window.StewardSurvey.open() to show it at a moment of your choosing (data-auto="false"). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var cfg = script.dataset;
  var host = cfg.host || new URL(script.src).origin;
  var lang = (cfg.lang || navigator.language || "en").toLowerCase();
  var words = {
    en: ["How likely are you to recommend us to a friend or colleague?", "What is the main reason for your score?", "Send", "Thank you for your answer", "Not at all likely", "Extremely likely", "Close"],
    de: ["Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?", "Was ist der wichtigste Grund für Ihre Bewertung?", "Absenden", "Vielen Dank für Ihre Antwort", "Sehr unwahrscheinlich", "Sehr wahrscheinlich", "Schließen"],
    fr: ["Quelle est la probabilité que vous nous recommandiez à un ami ou un collègue ?", "Quelle est la raison principale de votre note ?", "Envoyer", "Merci pour votre réponse", "Pas du tout probable", "Très probable", "Fermer"],
    es: ["¿Qué probabilidad hay de que nos recomiende a un amigo o colega?", "¿Cuál es el motivo principal de su puntuación?", "Enviar", "Gracias por su respuesta", "Nada probable", "Muy probable", "Cerrar"],
    pl: ["Jak prawdopodobne jest, że polecą nas Państwo znajomemu lub współpracownikowi?", "Jaki jest główny powód tej oceny?", "Wyślij", "Dziękujemy za odpowiedź", "Zupełnie nieprawdopodobne", "Bardzo prawdopodobne", "Zamknij"],
    he: ["מה הסיכוי שתמליצו עלינו לחבר או לעמית?", "מה הסיבה העיקרית לציון שנתתם?", "שליחה", "תודה על תשובתכם", "בכלל לא סביר", "סביר מאוד", "סגירה"],
    ja: ["当社を友人や同僚に薦める可能性はどのくらいありますか？", "その評価の主な理由を教えてください。", "送信", "ご回答ありがとうございました", "まったく可能性がない", "非常に可能性が高い", "閉じる"],
    "zh-hans": ["您向朋友或同事推荐我们的可能性有多大？", "您给出这个评分的主要原因是什么？", "提交", "感谢您的回答", "完全不可能", "极有可能", "关闭"],
    "zh-hant": ["您向朋友或同事推薦我們的可能性有多大？", "您給出這個評分的主要原因是什麼？", "送出", "感謝您的回答", "完全不可能", "極有可能", "關閉"]
  };
  function pick() {
    if (lang.indexOf("zh") === 0) return /tw|hk|mo|hant/.test(lang) ? words["zh-hant"] : words["zh-hans"];
    return words[lang.split("-")[0]] || words.en;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;  // never innerHTML: nothing here is rendered as markup
    return node;
  }
  function open() {
    var t = pick();
    var rtl = lang.indexOf("he") === 0;
    var box = el("div", { role: "dialog", "aria-label": t[0], dir: rtl ? "rtl" : "ltr", lang: lang,
      style: "position:fixed;bottom:16px;inset-inline-end:16px;z-index:2147483000;max-width:420px;background:#fff;color:#0f172a;border:1px solid #cbd5e1;border-radius:10px;padding:16px;box-shadow:0 8px 30px rgba(0,0,0,.18);font:14px/1.4 system-ui,sans-serif" });
    var close = el("button", { type: "button", "aria-label": t[6], style: "float:inline-end;border:0;background:none;font-size:18px;cursor:pointer" }, "×");
    close.onclick = function () { box.remove(); };
    box.appendChild(close);
    box.appendChild(el("p", { style: "margin:0 0 8px;font-weight:600" }, t[0]));
    var scale = el("div", { role: "radiogroup", style: "display:flex;flex-wrap:wrap;gap:4px" });
    var chosen = null;
    for (var i = 0; i <= 10; i++) {
      (function (n) {
        var b = el("button", { type: "button", role: "radio", "aria-checked": "false", style: "min-width:32px;min-height:32px;border:1px solid #94a3b8;border-radius:6px;background:#fff;cursor:pointer" }, String(n));
        b.onclick = function () {
          chosen = n;
          scale.querySelectorAll("button").forEach(function (o) { o.setAttribute("aria-checked", "false"); o.style.background = "#fff"; o.style.color = "#0f172a"; });
          b.setAttribute("aria-checked", "true"); b.style.background = "#1e40af"; b.style.color = "#fff";
        };
        scale.appendChild(b);
      })(i);
    }
    box.appendChild(scale);
    box.appendChild(el("div", { style: "display:flex;justify-content:space-between;font-size:12px;color:#475569;margin:4px 0 8px" }, ""))
      .append(el("span", {}, t[4]), el("span", {}, t[5]));
    var why = el("textarea", { rows: "3", maxlength: "5000", "aria-label": t[1], placeholder: t[1], dir: "auto", style: "width:100%;box-sizing:border-box" });
    box.appendChild(why);
    var send = el("button", { type: "submit", style: "margin-top:8px;padding:6px 16px;border-radius:6px;border:0;background:#1e40af;color:#fff;cursor:pointer" }, t[2]);
    var status = el("p", { role: "status", style: "margin:8px 0 0;color:#b91c1c" });
    send.onclick = function () {
      if (chosen === null) { status.textContent = "0-10?"; return; }
      var body = { score: chosen, comment: why.value || null, language: lang };
      if (cfg.user) { body.user_id = cfg.user; body.user_hash = cfg.userHash || null; }
      fetch(host + "/api/v1/widget/surveys/" + encodeURIComponent(cfg.survey) + "/responses", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
      }).then(function (r) {
        if (r.ok) { box.replaceChildren(el("p", { style: "margin:0;font-weight:600" }, t[3])); setTimeout(function () { box.remove(); }, 2500); return; }
        return r.json().then(function (e) { status.textContent = (e.detail && e.detail[0] && e.detail[0].msg) || String(r.status); });
      }).catch(function () { status.textContent = "…"; });
    };
    box.appendChild(send);
    box.appendChild(status);
    document.body.appendChild(box);
  }
  window.StewardSurvey = { open: open };
  if (cfg.auto !== "false") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", open); else open();
  }
})();
