/* Steward live chat widget: no dependencies, no cookies. It talks to Steward over one WebSocket.
 *
 *   <script src="https://steward.example.com/static/steward-chat.js"
 *           data-key="CHAT_PUBLIC_KEY" data-user="CONTACT_EXTERNAL_ID" data-user-hash="HMAC" defer></script>
 *
 * The hash is the hex HMAC-SHA256 of the user id under the workspace's chat secret, computed on the
 * customer's server (never send the secret to the browser). Files are not uploaded: the chat carries their
 * name, type and size only. data-lang picks the language (en, de, fr, es, pl, he right to left, ja, zh-Hans,
 * zh-Hant; default: the browser's). window.StewardChat.open() shows the panel.
 *
 * While the visitor types their first message, up to three published help-center articles matching it are
 * suggested (links to the public help center); reading one and leaving, or saying it answered the question,
 * counts as a deflected chat. The widget makes no inline script or style attribute (styles are set through
 * the CSSOM), so it runs under a strict Content-Security-Policy; nothing received is rendered as markup. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var cfg = script.dataset;
  var host = cfg.host || new URL(script.src).origin;
  var url = host.replace(/^http/, "ws") + "/chat/ws?key=" + encodeURIComponent(cfg.key || "") +
    "&user=" + encodeURIComponent(cfg.user || "") + "&hash=" + encodeURIComponent(cfg.userHash || "");
  var lang = (cfg.lang || navigator.language || "en").toLowerCase();
  var words = {
    en: ["Chat", "Connecting…", "Typing…", "Message", "Write a message", "Attach a file (name and size only)", "Send", "How did we do?", "We are online", "We are away: leave a message and we will reply by e-mail", "No one is available right now: your message is ticket #{n} and we will reply by e-mail", "The chat has ended", "Thank you for your rating", "Reconnecting…", "Seen", "Error", "These articles may answer your question", "An article answered my question", "Glad that helped"],
    de: ["Chat", "Verbinden…", "Schreibt…", "Nachricht", "Nachricht schreiben", "Datei anhängen (nur Name und Größe)", "Senden", "Wie war unser Service?", "Wir sind online", "Wir sind gerade nicht da: Hinterlassen Sie eine Nachricht, wir antworten per E-Mail", "Gerade ist niemand verfügbar: Ihre Nachricht ist Ticket #{n}, wir antworten per E-Mail", "Der Chat ist beendet", "Danke für Ihre Bewertung", "Verbindung wird wiederhergestellt…", "Gelesen", "Fehler", "Diese Artikel beantworten Ihre Frage vielleicht", "Ein Artikel hat meine Frage beantwortet", "Schön, dass es geholfen hat"],
    fr: ["Chat", "Connexion…", "En train d’écrire…", "Message", "Écrivez un message", "Joindre un fichier (nom et taille seulement)", "Envoyer", "Comment avons-nous fait ?", "Nous sommes en ligne", "Nous sommes absents : laissez un message, nous répondrons par e-mail", "Personne n’est disponible pour le moment : votre message est le ticket #{n}, nous répondrons par e-mail", "La conversation est terminée", "Merci pour votre note", "Reconnexion…", "Lu", "Erreur", "Ces articles répondent peut-être à votre question", "Un article a répondu à ma question", "Ravi que cela ait aidé"],
    es: ["Chat", "Conectando…", "Escribiendo…", "Mensaje", "Escriba un mensaje", "Adjuntar un archivo (solo nombre y tamaño)", "Enviar", "¿Qué tal lo hicimos?", "Estamos en línea", "No estamos disponibles: deje un mensaje y le responderemos por correo electrónico", "No hay nadie disponible ahora: su mensaje es el ticket #{n} y le responderemos por correo electrónico", "El chat ha terminado", "Gracias por su valoración", "Reconectando…", "Visto", "Error", "Estos artículos pueden responder su pregunta", "Un artículo respondió mi pregunta", "Nos alegra haberle ayudado"],
    pl: ["Czat", "Łączenie…", "Pisze…", "Wiadomość", "Napisz wiadomość", "Załącz plik (tylko nazwa i rozmiar)", "Wyślij", "Jak nam poszło?", "Jesteśmy dostępni", "Nie ma nas teraz: zostaw wiadomość, odpowiemy e-mailem", "Nikt nie jest teraz dostępny: Twoja wiadomość to zgłoszenie #{n}, odpowiemy e-mailem", "Czat został zakończony", "Dziękujemy za ocenę", "Ponowne łączenie…", "Przeczytano", "Błąd", "Te artykuły mogą odpowiedzieć na Twoje pytanie", "Artykuł odpowiedział na moje pytanie", "Cieszymy się, że pomogło"],
    he: ["צ׳אט", "מתחבר…", "מקליד/ה…", "הודעה", "כתבו הודעה", "צירוף קובץ (שם וגודל בלבד)", "שליחה", "איך היה השירות?", "אנחנו זמינים", "אנחנו לא זמינים כרגע: השאירו הודעה ונחזור אליכם במייל", "אין כרגע נציג זמין: ההודעה שלכם היא פנייה #{n} ונחזור אליכם במייל", "הצ׳אט הסתיים", "תודה על הדירוג", "מתחבר מחדש…", "נקרא", "שגיאה", "ייתכן שהמאמרים האלה עונים על השאלה שלכם", "מאמר ענה על השאלה שלי", "שמחים שזה עזר"],
    ja: ["チャット", "接続中…", "入力中…", "メッセージ", "メッセージを入力", "ファイルを添付（名前とサイズのみ）", "送信", "対応はいかがでしたか？", "オンラインです", "ただいま不在です。メッセージを残していただければメールでご返信します", "現在対応できる担当者がいません。メッセージはチケット #{n} として受け付けました。メールでご返信します", "チャットは終了しました", "評価をありがとうございました", "再接続中…", "既読", "エラー", "これらの記事で解決できるかもしれません", "記事で解決しました", "お役に立ててよかったです"],
    "zh-hans": ["聊天", "正在连接…", "正在输入…", "消息", "输入消息", "附加文件（仅名称和大小）", "发送", "您对我们的服务满意吗？", "我们在线", "我们暂时不在：请留言，我们会通过电子邮件回复", "目前没有客服可以接待：您的消息已记为工单 #{n}，我们会通过电子邮件回复", "聊天已结束", "感谢您的评分", "正在重新连接…", "已读", "错误", "这些文章或许能解答您的问题", "有文章解答了我的问题", "很高兴能帮到您"],
    "zh-hant": ["聊天", "正在連線…", "正在輸入…", "訊息", "輸入訊息", "附加檔案（僅名稱和大小）", "傳送", "您對我們的服務滿意嗎？", "我們在線上", "我們暫時不在：請留言，我們會透過電子郵件回覆", "目前沒有客服可以接待：您的訊息已記為工單 #{n}，我們會透過電子郵件回覆", "聊天已結束", "感謝您的評分", "正在重新連線…", "已讀", "錯誤", "這些文章或許能解答您的問題", "有文章解答了我的問題", "很高興能幫上忙"]
  };
  var t = lang.indexOf("zh") === 0 ? words[/tw|hk|mo|hant/.test(lang) ? "zh-hant" : "zh-hans"] : (words[lang.split("-")[0]] || words.en);
  var rtl = lang.indexOf("he") === 0;
  var MAX = 4000, SUGGEST = 300, SUGGESTIONS = 3;
  var ws = null, retry = 1000, stopped = false, lastTyping = 0, conversationId = null, pinger = null;
  var seen = {};
  var suggesting = true, asked = "", suggestTimer = null;  // suggestions: only while the first message is typed

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "style") node.style.cssText = attrs[k];  // CSSOM, allowed where a style attribute is not
      else node.setAttribute(k, attrs[k]);
    });
    if (text) node.textContent = text;  // never innerHTML: nothing said in the chat is rendered as markup
    return node;
  }
  var launcher = el("button", { type: "button", "aria-expanded": "false", "data-steward-chat": "open", lang: lang,
    style: "position:fixed;bottom:16px;inset-inline-end:16px;z-index:2147483000;border:0;border-radius:24px;padding:10px 18px;background:#1e40af;color:#fff;font:600 14px system-ui,sans-serif;cursor:pointer" }, t[0]);
  var panel = el("div", { role: "dialog", "aria-label": t[0], hidden: "", lang: lang, dir: rtl ? "rtl" : "ltr",
    style: "position:fixed;bottom:64px;inset-inline-end:16px;z-index:2147483000;width:340px;max-width:calc(100vw - 32px);background:#fff;color:#0f172a;border:1px solid #cbd5e1;border-radius:10px;box-shadow:0 8px 30px rgba(0,0,0,.18);font:14px/1.4 system-ui,sans-serif" });
  var status = el("p", { role: "status", "data-steward-chat": "status", style: "margin:0;padding:8px 12px;border-bottom:1px solid #e2e8f0;color:#475569;font-size:12px" }, t[1]);
  var log = el("ol", { "data-steward-chat": "log", "aria-live": "polite", style: "list-style:none;margin:0;padding:8px 12px;height:260px;overflow-y:auto" });
  var typing = el("p", { "data-steward-chat": "typing", hidden: "", style: "margin:0 12px;font-size:12px;color:#64748b" }, t[2]);
  var form = el("form", { style: "display:flex;gap:6px;padding:8px 12px;border-top:1px solid #e2e8f0" });
  var input = el("textarea", { "data-steward-chat": "input", rows: "2", maxlength: String(MAX), "aria-label": t[3], placeholder: t[4], dir: "auto", style: "flex:1;resize:none" });
  var file = el("input", { type: "file", "aria-label": t[5], style: "width:90px;font-size:11px" });
  var send = el("button", { type: "submit", style: "border:0;border-radius:6px;background:#1e40af;color:#fff;padding:0 12px;cursor:pointer" }, t[6]);
  var rating = el("div", { "data-steward-chat": "rating", hidden: "", style: "padding:8px 12px;border-top:1px solid #e2e8f0" });
  var hints = el("div", { "data-steward-chat": "suggestions", hidden: "", style: "padding:6px 12px;border-top:1px solid #e2e8f0;font-size:13px" });
  form.append(input, file, send);
  panel.append(status, log, typing, hints, rating, form);

  function add(message) {
    if (seen[message.id]) return;
    seen[message.id] = true;
    var mine = message.author === "customer";
    var item = el("li", { "data-author": message.author, "data-id": String(message.id),
      style: "margin:4px 0;text-align:" + (mine ? "end" : "start") + (message.author === "system" ? ";color:#64748b;font-size:12px" : "") });
    var bubble = el("span", { dir: "auto", style: "display:inline-block;padding:6px 10px;border-radius:8px;white-space:pre-wrap;background:" + (mine ? "#dbeafe" : "#f1f5f9") }, message.body);
    item.appendChild(bubble);
    (message.attachments || []).forEach(function (a) {
      item.appendChild(el("div", { style: "font-size:12px;color:#475569" }, "📎 " + a.filename + " (" + a.size + " B)"));
    });
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    if (!mine && !panel.hidden) sendFrame({ type: "read", message_id: message.id });
  }
  function showHints(items) {
    var safe = (items || []).filter(function (i) {  // a path on the Steward host, never another origin
      return i && typeof i.path === "string" && i.path.charAt(0) === "/" && i.path.charAt(1) !== "/";
    }).slice(0, SUGGESTIONS);
    hints.replaceChildren();
    hints.hidden = safe.length === 0;
    if (!safe.length) return;
    var list = el("ul", { style: "margin:0 0 6px;padding-inline-start:18px" });
    safe.forEach(function (i) {
      var item = el("li", { style: "margin:2px 0" });
      item.appendChild(el("a", { href: host + i.path, target: "_blank", rel: "noopener", dir: "auto",
        "data-steward-chat": "article", style: "color:#1e40af" }, String(i.title)));
      list.appendChild(item);
    });
    var solved = el("button", { type: "button", "data-steward-chat": "solved", style: "border:1px solid #cbd5e1;border-radius:6px;background:#fff;color:#0f172a;padding:2px 8px;cursor:pointer;font-size:12px" }, t[17]);
    solved.onclick = function () { sendFrame({ type: "solved" }); };
    hints.append(el("p", { style: "margin:0 0 4px;color:#475569;font-size:12px" }, t[16]), list, solved);
  }
  function typed() { return Array.from(input.value.trim()).slice(0, SUGGEST).join(""); }  // characters, as the server counts
  function ask() {
    var q = typed();
    if (!suggesting || q.length < 3) { asked = ""; if (suggesting) showHints([]); return; }
    if (q === asked) return;
    asked = q;
    sendFrame({ type: "suggest", text: q, language: lang });
  }
  function stopSuggesting() { suggesting = false; asked = ""; clearTimeout(suggestTimer); showHints([]); }
  function sendFrame(frame) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(frame)); }
  function markRead(upTo) {
    log.querySelectorAll('li[data-author="customer"]').forEach(function (li) {
      if (Number(li.dataset.id) <= upTo) li.title = t[14];
    });
  }
  function askRating(scale) {
    rating.replaceChildren(el("p", { style: "margin:0 0 6px" }, t[7]));
    scale.forEach(function (n) {
      var b = el("button", { type: "button", "data-rating": String(n), style: "margin-inline-end:4px;min-width:32px" }, String(n));
      b.onclick = function () { sendFrame({ type: "csat", conversation_id: conversationId, rating: n }); };
      rating.appendChild(b);
    });
    rating.hidden = false;
  }
  function onEvent(event) {
    if (event.type === "hello") {
      status.textContent = event.online ? t[8] : t[9];
      if (event.conversation) conversationId = event.conversation.id;
      if (event.conversation && event.conversation.status === "open" && event.messages.length) stopSuggesting();
      event.messages.forEach(add);
    } else if (event.type === "message") {
      conversationId = event.conversation.id;
      typing.hidden = true;
      if (event.message.author !== "system") stopSuggesting();  // the chat has begun
      add(event.message);
    } else if (event.type === "typing" && event.author === "agent") {
      typing.hidden = false;
      setTimeout(function () { typing.hidden = true; }, 4000);
    } else if (event.type === "read" && event.side === "agent") {
      markRead(event.conversation.agent_read_id);
    } else if (event.type === "offline") {
      status.textContent = t[10].replace("{n}", String(event.ticket_id));
    } else if (event.type === "ended") {
      status.textContent = t[11];
      suggesting = true;  // the next message starts a new chat
      if (event.csat_scale && event.csat_scale.length) askRating(event.csat_scale);
    } else if (event.type === "rated") {
      rating.replaceChildren(el("p", { style: "margin:0" }, t[12]));
    } else if (event.type === "suggestions") {
      if (suggesting && event.text === typed()) showHints(event.items);
    } else if (event.type === "solved") {
      hints.replaceChildren(el("p", { "data-steward-chat": "glad", style: "margin:0;color:#166534" }, t[18]));
      hints.hidden = false;
      asked = "";
    } else if (event.type === "error") {
      status.textContent = (event.detail && event.detail[0] && event.detail[0].msg) || t[15];
    }
  }
  function connect() {
    ws = new WebSocket(url);
    ws.onopen = function () { retry = 1000; };
    ws.onmessage = function (m) { try { onEvent(JSON.parse(m.data)); } catch (e) { /* not ours */ } };
    ws.onclose = function (e) {
      clearInterval(pinger);
      if (e.code === 1008 || stopped) { stopped = true; return; }  // refused: retrying would not help
      status.textContent = t[13];
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
    pinger = setInterval(function () { sendFrame({ type: "ping" }); }, 25000);  // the server closes idle sockets
  }
  form.onsubmit = function (e) {
    e.preventDefault();
    var body = input.value.trim();
    if (!body) return;
    var attachments = [];
    if (file.files && file.files[0]) {
      var f = file.files[0];
      attachments.push({ filename: f.name.slice(0, 300), content_type: (f.type || "application/octet-stream").slice(0, 100), size: f.size });
    }
    sendFrame({ type: "message", body: body.slice(0, MAX), attachments: attachments });
    stopSuggesting();
    input.value = "";
    file.value = "";
  };
  input.oninput = function () {
    var now = Date.now();
    if (now - lastTyping > 3000) { lastTyping = now; sendFrame({ type: "typing" }); }
    clearTimeout(suggestTimer);
    if (suggesting) suggestTimer = setTimeout(ask, 350);
  };
  input.onkeydown = function (e) { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); } };
  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    if (!ws) connect();
    input.focus();
  }
  launcher.onclick = function () {
    if (panel.hidden) open(); else { panel.hidden = true; launcher.setAttribute("aria-expanded", "false"); }
  };
  function mount() { document.body.append(panel, launcher); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
  window.StewardChat = { open: open };
})();
