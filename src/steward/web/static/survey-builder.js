// The survey builder: question cards that edit the survey's JSON (the "advanced" box, which is what is posted),
// translations per language as columns, and a live preview of the respondent's page in the chosen language at
// phone width. Keys the cards do not show are kept: edits go into the parsed object rather than rebuilding it.
(function () {
  "use strict";
  const root = document.getElementById("survey-builder");
  const box = document.getElementById("definition");
  const form = document.getElementById("survey-form");
  if (!root || !box || !form) return;
  const LANGUAGES = JSON.parse(root.dataset.languages);  // code -> name, the nine survey languages
  const SCALES = JSON.parse(root.dataset.scales);
  let problems = JSON.parse(root.dataset.problems || "[]");
  // The page's words in its language (survey_edit.html #builder-words); English where none is given
  const given = document.getElementById("builder-words");
  const WORDS = given ? JSON.parse(given.textContent) : {};
  function t(text, values) {
    let said = WORDS[text] || text;
    Object.entries(values || {}).forEach(function ([k, v]) { said = said.split("%(" + k + ")s").join(String(v)); });
    return said;
  }
  const TYPES = { rating: "Rating scale", choice: "Choice", text: "Text" };  // said through t()
  const TOP = ["name", "kind", "purpose", "points", "status", "recurrence_days", "reminder_days", "expires_days"];
  const NUMBERS = ["points", "recurrence_days", "reminder_days", "expires_days"];
  const AUDIENCE = ["segments", "tiers", "roles"];
  let survey = null;
  let shown = [];  // translation columns, in the order they were added

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(function ([k, v]) {
      if (k === "text") node.textContent = v; else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v);
    });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }
  function button(text, label, onClick) {
    const b = el("button", { type: "button", class: "link", text: text, "aria-label": label });
    b.addEventListener("click", onClick);
    return b;
  }
  // Whole numbers become numbers; anything else is kept as typed, for the server to name.
  function number(text) {
    const t = String(text).trim();
    return t === "" ? null : /^-?\d+$/.test(t) ? Number(t) : t;
  }
  function changed() {
    box.value = JSON.stringify(survey, null, 2);
    schedulePreview();
  }
  function structural() { problems = []; render(); changed(); }

  // The survey's score range, as the server checks branches against it.
  function scale() {
    if (survey.kind === "custom") {
      const first = survey.questions.find(function (q) { return q.type === "rating"; });
      return first ? [Number(first.low ?? 1), Number(first.high ?? 5)] : null;
    }
    return SCALES[survey.kind === "csat" ? "csat" + survey.points : survey.kind] || null;
  }
  function freshKey() {
    const keys = new Set(survey.questions.map(function (q) { return q.key; }));
    let n = survey.questions.length + 1;
    while (keys.has("q" + n)) n += 1;
    return "q" + n;
  }
  function fresh(type) {
    const q = { key: freshKey(), type: type, prompt: "", required: false };
    if (type === "rating") { q.low = 1; q.high = 5; }
    if (type === "choice") q.options = ["", ""];
    return q;
  }

  function input(value, attrs, onInput) {
    const i = el("input", attrs);
    i.value = value === undefined || value === null ? "" : value;
    i.addEventListener("input", function () { onInput(i.value); changed(); });
    return i;
  }
  function labelled(text, control, cls) { return el("label", { class: cls || null }, [text, control]); }

  function branchPart(q, index) {
    const part = el("div", { class: "q-branch" });
    const range = scale();
    const on = el("input", { type: "checkbox", "aria-label": t("ask only for some scores") });
    on.checked = !!q.show_if;
    on.addEventListener("change", function () {
      if (on.checked) q.show_if = range ? { score_min: range[0], score_max: range[1] } : { score_min: 0 };
      else delete q.show_if;
      render(); changed();
    });
    part.append(el("label", { class: "inline" }, [on, " " + t("Ask only when the score is between")]));
    if (!q.show_if) return part;
    const note = el("span", { class: "q-warning", role: "status" });
    function check() {
      const ends = [q.show_if.score_min, q.show_if.score_max].filter(function (v) { return v !== undefined && v !== null; });
      const off = range && ends.some(function (v) { return typeof v !== "number" || v < range[0] || v > range[1]; });
      const order = typeof q.show_if.score_min === "number" && typeof q.show_if.score_max === "number" && q.show_if.score_min > q.show_if.score_max;
      note.textContent = off ? t("The score runs %(low)s-%(high)s.", { low: range[0], high: range[1] }) : order ? t("From is above to.") : "";
    }
    ["score_min", "score_max"].forEach(function (end) {
      const field = input(q.show_if[end], { inputmode: "numeric", size: "3", "aria-label": end === "score_min" ? t("show if from") : t("show if to") }, function (v) {
        const n = number(v);
        if (n === null) delete q.show_if[end]; else q.show_if[end] = n;
        check();
      });
      part.append(field, end === "score_min" ? " " + t("and") + " " : "");
    });
    part.append(el("span", { class: "sub", text: " " + (range ? t("(score %(low)s-%(high)s)", { low: range[0], high: range[1] }) : t("(a custom survey's score is its first rating)")) }), note);
    check();
    return part;
  }

  function kindPart(q) {
    if (q.type === "rating") {
      return el("div", { class: "q-row" }, [
        labelled(t("Scale from"), input(q.low ?? 1, { inputmode: "numeric", size: "3", "aria-label": t("low") }, function (v) { q.low = number(v); })),
        labelled(t("to"), input(q.high ?? 5, { inputmode: "numeric", size: "3", "aria-label": t("high") }, function (v) { q.high = number(v); })),
      ]);
    }
    if (q.type === "choice") {
      if (!Array.isArray(q.options)) q.options = [];
      const list = el("ol", { class: "q-options" });
      q.options.forEach(function (option, i) {
        const row = el("li", {}, [input(option, { "aria-label": t("option %(n)s", { n: i + 1 }) }, function (v) { q.options[i] = v; })]);
        row.append(button(t("Remove"), t("remove option %(n)s", { n: i + 1 }), function () {
          q.options.splice(i, 1);
          Object.values(q.translated_options || {}).forEach(function (texts) { texts.splice(i, 1); });
          structural();
        }));
        list.append(row);
      });
      const add = button(t("Add option"), t("add option"), function () {
        q.options.push("");
        Object.values(q.translated_options || {}).forEach(function (texts) { texts.push(""); });
        structural();
      });
      return el("div", { class: "q-choice" }, [el("span", { class: "param-label", text: t("Options") }), list, add]);
    }
    return el("p", { class: "sub", text: t("A free-text answer (up to 5,000 characters).") });
  }

  // One column per language added: the prompt and each option in that language. Empty cells fall back to the
  // prompt as written; a language's options are all translated or none (the server says which are missing).
  function translationsPart(q) {
    if (!shown.length) return null;
    const head = el("tr", {}, [el("th", { text: t("Text") })]);
    shown.forEach(function (code) { head.append(el("th", { lang: code, text: LANGUAGES[code] })); });
    const rows = [el("tr", {}, [el("td", { text: q.prompt || t("(prompt)") })])];
    shown.forEach(function (code) {
      rows[0].append(el("td", {}, [input((q.prompts || {})[code], { lang: code, dir: "auto", "data-lang": code, "data-text": "prompt", "aria-label": t("prompt in %(language)s", { language: LANGUAGES[code] }) }, function (v) {
        q.prompts = q.prompts || {};
        if (v.trim()) q.prompts[code] = v; else delete q.prompts[code];
        if (!Object.keys(q.prompts).length) delete q.prompts;
      })]));
    });
    (q.type === "choice" ? q.options : []).forEach(function (option, i) {
      const row = el("tr", {}, [el("td", { text: option || t("(option %(n)s)", { n: i + 1 }) })]);
      shown.forEach(function (code) {
        const texts = (q.translated_options || {})[code] || [];
        row.append(el("td", {}, [input(texts[i], { lang: code, dir: "auto", "data-lang": code, "data-option": String(i), "aria-label": t("option %(n)s in %(language)s", { n: i + 1, language: LANGUAGES[code] }) }, function (v) {
          q.translated_options = q.translated_options || {};
          const list = q.translated_options[code] || q.options.map(function () { return ""; });
          list[i] = v;
          if (list.every(function (t) { return !t.trim(); })) delete q.translated_options[code]; else q.translated_options[code] = list;
          if (!Object.keys(q.translated_options).length) delete q.translated_options;
        })]));
      });
      rows.push(row);
    });
    return el("table", { class: "q-translations" }, [el("thead", {}, [head]), el("tbody", {}, rows)]);
  }

  function card(q, index) {
    const n = survey.questions.length;
    const tools = el("span", { class: "q-tools" }, [
      index > 0 ? button(t("Move up"), t("move question %(n)s up", { n: index + 1 }), function () { move(index, -1); }) : "",
      index < n - 1 ? button(t("Move down"), t("move question %(n)s down", { n: index + 1 }), function () { move(index, 1); }) : "",
      button(t("Remove"), t("remove question %(n)s", { n: index + 1 }), function () { survey.questions.splice(index, 1); structural(); }),
    ]);
    const node = el("fieldset", { class: "q-card", "data-card": String(index) }, [
      el("legend", { text: t("Question %(n)s", { n: index + 1 }) }), tools,
    ]);
    const mine = problems.filter(function (p) { return p.card === index; });
    if (mine.length) node.append(el("ul", { class: "error q-problems", role: "alert" }, mine.map(function (p) { return el("li", { text: p.msg }); })));
    const type = el("select", { "aria-label": t("type") });
    Object.entries(TYPES).forEach(function ([value, text]) {
      const o = el("option", { value: value, text: t(text) });
      if (value === q.type) o.selected = true;
      type.append(o);
    });
    type.addEventListener("change", function () {
      const key = q.key, prompt = q.prompt, prompts = q.prompts, required = q.required, show = q.show_if;
      survey.questions[index] = Object.assign(fresh(type.value), { key: key, prompt: prompt, required: required });
      if (prompts) survey.questions[index].prompts = prompts;
      if (show) survey.questions[index].show_if = show;
      structural();
    });
    const required = el("input", { type: "checkbox", "aria-label": t("required") });
    required.checked = !!q.required;
    required.addEventListener("change", function () { q.required = required.checked; changed(); });
    node.append(
      el("div", { class: "q-row" }, [
        labelled(t("Key"), input(q.key, { "aria-label": t("key"), maxlength: "40", pattern: "[a-z][a-z0-9_]*" }, function (v) { q.key = v.trim(); })),
        labelled(t("Type"), type),
        el("label", { class: "inline" }, [required, " " + t("Required")]),
      ]),
      labelled(t("Prompt"), input(q.prompt, { "aria-label": t("prompt"), maxlength: "500" }, function (v) {
        q.prompt = v;
        const cell = node.querySelector(".q-translations tbody tr td");
        if (cell) cell.textContent = v || t("(prompt)");
      }), "q-prompt"),
      kindPart(q),
      branchPart(q, index),
    );
    const table = translationsPart(q);
    if (table) node.append(table);
    return node;
  }
  function move(index, by) {
    const [q] = survey.questions.splice(index, 1);
    survey.questions.splice(index + by, 0, q);
    structural();
  }

  function languagePicker() {
    const pick = el("select", { id: "add-language", "aria-label": t("add a translation") }, [el("option", { value: "", text: t("Add a translation…") })]);
    Object.entries(LANGUAGES).filter(function ([code]) { return !shown.includes(code); }).forEach(function ([code, name]) {
      pick.append(el("option", { value: code, lang: code, text: name }));
    });
    pick.addEventListener("change", function () { if (pick.value) { shown.push(pick.value); render(); } });
    const chips = shown.map(function (code) {
      return el("span", { class: "chip", lang: code }, [LANGUAGES[code] + " ", button("×", t("remove the %(language)s translation", { language: LANGUAGES[code] }), function () {
        shown = shown.filter(function (c) { return c !== code; });
        survey.questions.forEach(function (q) {
          if (q.prompts) { delete q.prompts[code]; if (!Object.keys(q.prompts).length) delete q.prompts; }
          if (q.translated_options) { delete q.translated_options[code]; if (!Object.keys(q.translated_options).length) delete q.translated_options; }
        });
        structural();
      })]);
    });
    return el("div", { class: "q-languages" }, [el("span", { class: "param-label", text: t("Translations") }), ...chips, pick]);
  }

  function render() {
    const cards = el("div", { id: "q-cards" });
    if (!survey.questions.length) {
      cards.append(el("p", { class: "sub", text: survey.kind === "custom" ? t("A custom survey needs at least one question.") : t("The score and “why?” are asked first; add follow-up questions here.") }));
    }
    survey.questions.forEach(function (q, i) { cards.append(card(q, i)); });
    const add = el("div", { class: "q-add" }, Object.entries(TYPES).map(function ([type, text]) {
      const b = el("button", { type: "button", id: "add-" + type, text: t("Add " + text.toLowerCase() + " question") });
      b.addEventListener("click", function () { survey.questions.push(fresh(type)); structural(); });
      return b;
    }));
    root.replaceChildren(languagePicker(), cards, add);
  }

  // The page's own fields (name, kind, audience...) are part of the same object.
  function readTop(name, value) {
    if (AUDIENCE.includes(name)) {
      survey.audience = survey.audience && typeof survey.audience === "object" ? survey.audience : {};
      survey.audience[name] = value.split(",").map(function (v) { return v.trim(); }).filter(Boolean);
    } else survey[name] = NUMBERS.includes(name) ? number(value) : value;
  }
  function writeTop() {
    TOP.concat(AUDIENCE).forEach(function (name) {
      const field = form.elements.namedItem(name);
      if (!field) return;
      const value = AUDIENCE.includes(name) ? ((survey.audience || {})[name] || []).join(", ") : survey[name];
      field.value = value === undefined || value === null ? "" : String(value);
    });
  }
  TOP.concat(AUDIENCE).forEach(function (name) {
    const field = form.elements.namedItem(name);
    if (!field) return;
    field.addEventListener(field.tagName === "SELECT" ? "change" : "input", function () {
      readTop(name, field.value);
      if (name === "kind" || name === "points") render();
      changed();
    });
  });

  // Cards <-> JSON: the JSON box is the source of truth when the cards open.
  const error = document.getElementById("json-error");
  const jsonLabel = document.getElementById("definition-label");
  function load() {
    let parsed;
    try { parsed = JSON.parse(box.value); } catch (e) {
      error.textContent = t("The JSON does not parse (%(why)s); fix it here to go back to the cards.", { why: e.message });
      error.hidden = false;
      return false;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) parsed = {};
    if (!Array.isArray(parsed.questions)) parsed.questions = [];
    parsed.questions = parsed.questions.map(function (q) { return q && typeof q === "object" ? q : {}; });
    survey = parsed;
    survey.questions.forEach(function (q) {
      Object.keys(Object.assign({}, q.prompts, q.translated_options)).forEach(function (code) {
        if (code in LANGUAGES && !shown.includes(code)) shown.push(code);
      });
    });
    writeTop();
    error.hidden = true;
    return true;
  }
  function mode(cards) {
    if (cards && !load()) cards = false;  // JSON that does not parse stays in its box, with the reason
    root.hidden = !cards;
    jsonLabel.hidden = cards;
    document.getElementById("mode-builder").setAttribute("aria-pressed", String(cards));
    document.getElementById("mode-json").setAttribute("aria-pressed", String(!cards));
    if (cards) render();
  }
  document.getElementById("mode-builder").addEventListener("click", function () { mode(true); schedulePreview(); });
  document.getElementById("mode-json").addEventListener("click", function () { box.value = JSON.stringify(survey, null, 2); mode(false); });
  box.addEventListener("input", function () {
    try { survey = JSON.parse(box.value); writeTop(); } catch (e) { /* the cards say so when asked to open */ }
    schedulePreview();
  });

  // The live preview: the respondent's page rendered by the server from the unsaved survey; newest edit wins.
  const panel = document.getElementById("survey-preview");
  const frame = document.getElementById("preview-frame");
  const status = document.getElementById("preview-status");
  const lang = document.getElementById("preview-lang");
  const width = document.getElementById("preview-width");
  let timer = null;
  let asked = 0;
  function schedulePreview() { clearTimeout(timer); timer = setTimeout(preview, 350); }
  async function preview() {
    clearTimeout(timer);  // this call reads the newest edits: a preview still waiting on the timer would only reload the frame
    const ticket = ++asked;
    let body;
    try { body = JSON.parse(box.value); } catch (e) { status.textContent = t("Waiting for valid JSON."); return; }
    try {
      const response = await fetch(panel.dataset.url + "?lang=" + encodeURIComponent(lang.value), {
        method: "POST", credentials: "same-origin", body: JSON.stringify(body),
        headers: { "Content-Type": "application/json", "X-CSRF-Token": panel.dataset.csrf },
      });
      if (ticket !== asked) return;
      if (!response.ok) {
        const data = await response.json().catch(function () { return {}; });
        status.textContent = t("Not a complete survey yet:") + " " + (data.detail || []).slice(0, 3).map(function (d) {
          const where = (d.loc || []).filter(function (p) { return p !== "body"; })
            .map(function (p) { return typeof p === "number" ? "#" + (p + 1) : p; }).join(" ");
          return (where ? where + ": " : "") + String(d.msg).replace(/^Value error, /, "");
        }).join("; ");
        return;
      }
      const html = await response.text();
      if (ticket !== asked) return;
      frame.srcdoc = html;
      const [before, after] = t("In %(language)s, %(width)s px wide; nothing is sent or saved.", { width: width.value }).split("%(language)s");
      status.replaceChildren(before, el("bdi", { lang: lang.value, text: LANGUAGES[lang.value] }), after || "");
      panel.dataset.shown = lang.value;
    } catch (e) { status.textContent = t("The preview could not be reached; it tries again on the next edit."); }
  }
  lang.addEventListener("change", preview);
  width.addEventListener("change", function () { frame.width = width.value; preview(); });

  document.getElementById("questions-text").remove();  // the one-a-line box is the no-script form
  box.disabled = false;  // the JSON is what is posted from here on
  document.getElementById("survey-modes").hidden = false;
  panel.hidden = false;
  mode(true);
  if (survey) { box.value = JSON.stringify(survey, null, 2); preview(); }
})();
