// The rule builder: a form view of the rule object whose JSON is the definition box. Every edit rewrites the
// box (so saving sends exactly what the builder shows), and the live preview asks which accounts match now.
// Keys the builder does not show are kept: it edits the parsed object in place rather than rebuilding it.
(function () {
  "use strict";
  const root = document.getElementById("rule-builder");
  const box = document.getElementById("definition");
  if (!root || !box) return;
  const FIELDS = JSON.parse(root.dataset.fields);
  const OPS = JSON.parse(root.dataset.ops);
  const PEOPLE = JSON.parse(root.dataset.people);
  // The page's language: the editor hands over each English word's translation and the fields' names.
  const SAID = JSON.parse(root.dataset.words || "{}");
  const NAMES = JSON.parse(root.dataset.names || "{}");
  function t(text, fill) {
    let said = SAID[text] || text;
    Object.entries(fill || {}).forEach(function ([k, v]) { said = said.split("{" + k + "}").join(String(v)); });
    return said;
  }
  const OP_LABELS = { eq: t("is"), ne: t("is not"), gt: t("is above"), gte: t("is at least"), lt: t("is below"),
    lte: t("is at most"), in: t("is one of"), not_in: t("is none of"), empty: t("is empty"), not_empty: t("is not empty") };
  const ACTIVITY_KINDS = ["note", "call", "meeting", "email", "milestone"];
  // Each trigger's own settings. "percent" shows a 0-1 share as a percentage.
  const TRIGGERS = {
    health_grade: { label: t("Health grade is"), params: [{ key: "grades", label: t("Grades"), type: "choices", choices: ["red", "yellow", "green"], initial: ["red"] }] },
    health_drop: { label: t("Health score drops in 7 days"), params: [{ key: "points", label: t("by at least (points)"), type: "number", initial: 10 }] },
    renewal_due: { label: t("Renewal is due"), params: [{ key: "days", label: t("within (days)"), type: "number", initial: 90 }] },
    churn_risk: { label: t("Churn risk is high"), params: [{ key: "above", label: t("at least (%)"), type: "percent", initial: 0.5 }] },
    usage_drop: { label: t("Usage falls"), params: [{ key: "share", label: t("by at least (%, last 30 days vs the 30 before)"), type: "percent", initial: 0.3 }] },
    seat_utilisation: { label: t("Seat utilisation is high"), params: [{ key: "above", label: t("active users / seats at least (%)"), type: "percent", initial: 0.9 }] },
    activity_logged: { label: t("An activity is logged"), params: [
      { key: "kinds", label: t("Kinds"), type: "choices", choices: ACTIVITY_KINDS, initial: ["meeting"] },
      { key: "within_days", label: t("within (days; 0: today)"), type: "number", initial: 1 }] },
    schedule: { label: t("Every day, for every account"), params: [] },
  };
  const ACTIONS = {
    create_cta: { label: t("Create a CTA"), params: [
      { key: "type", label: t("Type"), type: "text", initial: "risk" },
      { key: "reason", label: t("Reason"), type: "text", initial: "" },
      { key: "title", label: t("Title (optional)"), type: "text", optional: true },
      { key: "priority", label: t("Priority"), type: "select", choices: ["low", "medium", "high", "urgent"], initial: "medium" },
      { key: "due_in_days", label: t("Due in (days)"), type: "number", initial: 7 },
      { key: "playbook_id", label: t("Playbook id (optional)"), type: "number", optional: true }] },
    set_field: { label: t("Set an account field"), params: [
      { key: "field", label: t("Field"), type: "select", choices: ["segment", "tier", "region", "lifecycle_stage", "owner_id"], initial: "segment" },
      { key: "value", label: t("To"), type: "text", initial: "" }] },
    assign_owner: { label: t("Assign an owner"), params: [
      { key: "pool", label: t("Share among"), type: "people", initial: [] },
      { key: "method", label: t("How"), type: "select", choices: ["round_robin", "lightest_book"], initial: "round_robin" }] },
    send_email: { label: t("Send an e-mail"), params: [
      { key: "to", label: t("To"), type: "select", choices: ["account_owner", "contacts"], initial: "account_owner",
        names: { account_owner: t("Account owner"), contacts: t("The account's contacts") } },
      { key: "subject", label: t("Subject"), type: "text", initial: "" },
      { key: "body", label: t("Body ({account_name}, {days_to_renewal} and the like are filled in)"), type: "textarea", initial: "" },
      { key: "once_per_days", label: t("At most once in (days)"), type: "number", initial: 30 }] },
    call_webhook: { label: t("Call a webhook"), params: [{ key: "endpoint_id", label: t("Webhook id"), type: "number", initial: null }] },
  };
  let rule = null;

  const WORDS = { arr: "ARR", nps: "NPS", csat: "CSAT", id: "", "7d": "(7 days)", "30d": "(30 days)", "180d": "(180 days)" };
  // "nps_180d" -> "NPS (180 days)", "owner_id" -> "Owner", "days_to_renewal" -> "Days to renewal".
  function human(key) {
    const words = String(key).split("_").map(function (w) { return w in WORDS ? WORDS[w] : w; }).filter(Boolean);
    const text = words.join(" ");
    if (key in NAMES) return NAMES[key];
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(function ([k, v]) {
      if (k === "text") node.textContent = v; else if (v !== null && v !== undefined) node.setAttribute(k, v);
    });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }
  // `key` names the select for scripts and tests (data-key); `label` is what a screen reader says.
  function select(choices, current, key, label, onChange) {
    const s = el("select", { "aria-label": label, "data-key": key });
    choices.forEach(function ([value, text]) {
      const o = el("option", { value: value, text: text });
      if (String(value) === String(current)) o.selected = true;
      s.append(o);
    });
    s.addEventListener("change", function () { onChange(s.value); });
    return s;
  }
  function changed() {
    box.value = JSON.stringify(rule, null, 2);
    schedulePreview();
  }
  function fresh(params) {
    const out = {};
    params.forEach(function (p) { if (!p.optional && p.initial !== null) out[p.key] = structuredClone(p.initial); });
    return out;
  }

  // One labelled input for one setting of a trigger or an action; writes into `target[p.key]`.
  function param(target, p) {
    const label = el("label", {}, [p.label || human(p.key)]);
    const value = target[p.key];
    let input;
    if (p.type === "choices" || p.type === "people") {
      const options = p.type === "people" ? PEOPLE.map(function (u) { return [u.id, u.name + " (" + u.role + ")"]; })
        : [...new Set([...p.choices, ...(value || [])])].map(function (c) { return [c, t(c)]; });
      input = el("span", { class: "choices" });
      options.forEach(function ([key, text]) {
        const tick = el("input", { type: "checkbox", value: key, name: "rb-" + p.key });
        tick.checked = (value || []).map(String).includes(String(key));
        tick.addEventListener("change", function () {
          const keep = (target[p.key] || []).filter(function (v) { return String(v) !== String(key); });
          if (tick.checked) keep.push(p.type === "people" ? Number(key) : key);
          target[p.key] = keep;
          changed();
        });
        input.append(el("label", { class: "choice" }, [tick, " " + text]));
      });
      return el("div", { class: "param" }, [el("span", { class: "param-label", text: p.label || "" }), input]);
    }
    if (p.type === "select") {
      input = select(p.choices.map(function (c) { return [c, (p.names || {})[c] || t(human(c))]; }), value, p.key, p.label || t(human(p.key)), function (v) { target[p.key] = v; changed(); });
    } else if (p.type === "textarea") {
      input = el("textarea", { rows: "4", name: "rb-" + p.key });
      input.value = value || "";
    } else {
      const percent = p.type === "percent";
      input = el("input", { name: "rb-" + p.key, inputmode: p.type === "text" ? null : "decimal" });
      input.value = value === undefined || value === null ? "" : percent ? Math.round(value * 1000) / 10 : value;
    }
    if (p.type !== "select") {
      input.addEventListener("input", function () {
        const raw = input.value.trim();
        if (raw === "" && (p.optional || p.type !== "text")) delete target[p.key];
        else if (p.type === "number") target[p.key] = Number(raw);
        else if (p.type === "percent") target[p.key] = Number(raw) / 100;
        else target[p.key] = input.value;
        changed();
      });
    }
    label.append(input);
    return label;
  }

  function triggerPart() {
    const part = el("fieldset", { id: "rb-trigger" }, [el("legend", { text: t("When") })]);
    const kinds = Object.entries(TRIGGERS).map(function ([k, t]) { return [k, t.label]; });
    part.append(select(kinds, rule.trigger.kind, "trigger", t("Trigger"), function (kind) {
      rule.trigger = Object.assign({ kind: kind }, fresh(TRIGGERS[kind].params));
      render(); changed();
    }));
    (TRIGGERS[rule.trigger.kind] || { params: [] }).params.forEach(function (p) { part.append(param(rule.trigger, p)); });
    return part;
  }

  function conditionRow(c, index) {
    const kind = FIELDS[c.field] || "text";
    const row = el("div", { class: "condition" });
    const fields = Object.keys(FIELDS).map(function (f) { return [f, human(f)]; });
    row.append(select(fields, c.field, "field", t("Field"), function (f) {
      c.field = f;
      if (!OPS[FIELDS[f]].includes(c.op)) c.op = "eq";
      render(); changed();
    }));
    row.append(select(OPS[kind].map(function (o) { return [o, OP_LABELS[o] || o]; }), c.op, "operator", t("Operator"), function (op) {
      c.op = op;
      if (op === "empty" || op === "not_empty") delete c.value;
      render(); changed();
    }));
    if (c.op !== "empty" && c.op !== "not_empty") {
      const many = c.op === "in" || c.op === "not_in";
      const value = el("input", { "aria-label": t("Value"), "data-key": "value", name: "rb-value", placeholder: many ? t("comma-separated") : "" });
      value.value = Array.isArray(c.value) ? c.value.join(", ") : c.value === undefined || c.value === null ? "" : c.value;
      value.addEventListener("input", function () {
        const read = function (text) {
          const t = text.trim();
          return kind === "number" && t !== "" && !isNaN(Number(t)) ? Number(t) : t;
        };
        c.value = many ? value.value.split(",").map(read).filter(function (v) { return v !== ""; }) : read(value.value);
        changed();
      });
      row.append(value);
    }
    row.append(el("button", { type: "button", class: "link remove", "aria-label": t("Remove condition"), text: t("Remove") }));
    row.lastChild.addEventListener("click", function () { rule.conditions.splice(index, 1); render(); changed(); });
    return row;
  }

  function actionCard(a, index) {
    const card = el("div", { class: "action" });
    const kinds = Object.entries(ACTIONS).map(function ([k, t]) { return [k, t.label]; });
    card.append(select(kinds, a.kind, "action", t("Action"), function (kind) {
      rule.actions[index] = Object.assign({ kind: kind }, fresh(ACTIONS[kind].params));
      render(); changed();
    }));
    (ACTIONS[a.kind] || { params: [] }).params.forEach(function (p) { card.append(param(a, p)); });
    const remove = el("button", { type: "button", class: "link remove", text: t("Remove action") });
    remove.addEventListener("click", function () { rule.actions.splice(index, 1); render(); changed(); });
    card.append(remove);
    return card;
  }

  function render() {
    const conditions = el("fieldset", { id: "rb-conditions" }, [el("legend", { text: t("If all of these hold") })]);
    if (!rule.conditions.length) conditions.append(el("p", { class: "sub", text: t("No condition: every account the trigger picks.") }));
    rule.conditions.forEach(function (c, i) { conditions.append(conditionRow(c, i)); });
    const addCondition = el("button", { type: "button", id: "rb-add-condition", text: t("Add condition") });
    addCondition.addEventListener("click", function () {
      rule.conditions.push({ field: "arr", op: "gte", value: 10000 }); render(); changed();
    });
    conditions.append(addCondition);
    const actions = el("fieldset", { id: "rb-actions" }, [el("legend", { text: t("Then") })]);
    rule.actions.forEach(function (a, i) { actions.append(actionCard(a, i)); });
    const addAction = el("button", { type: "button", id: "rb-add-action", text: t("Add action") });
    addAction.addEventListener("click", function () {
      rule.actions.push(Object.assign({ kind: "create_cta" }, fresh(ACTIONS.create_cta.params))); render(); changed();
    });
    actions.append(addAction);
    root.replaceChildren(triggerPart(), conditions, actions);
  }

  // Builder <-> JSON: the JSON box is the source of truth when the builder opens.
  const error = document.getElementById("json-error");
  const jsonLabel = document.getElementById("definition-label");
  function load() {
    let parsed;
    try { parsed = JSON.parse(box.value); } catch (e) {
      error.textContent = t("The JSON does not parse ({error}); fix it here to go back to the builder.", { error: e.message });
      error.hidden = false;
      return false;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) parsed = {};
    if (!parsed.trigger || typeof parsed.trigger !== "object") parsed.trigger = { kind: "schedule" };
    if (!Array.isArray(parsed.conditions)) parsed.conditions = [];
    if (!Array.isArray(parsed.actions)) parsed.actions = [];
    rule = parsed;
    error.hidden = true;
    return true;
  }
  function mode(builder) {
    if (builder && !load()) return;
    root.hidden = !builder;
    jsonLabel.hidden = builder;
    document.getElementById("mode-builder").setAttribute("aria-pressed", String(builder));
    document.getElementById("mode-json").setAttribute("aria-pressed", String(!builder));
    if (builder) render();
  }
  document.getElementById("mode-builder").addEventListener("click", function () { mode(true); schedulePreview(); });
  document.getElementById("mode-json").addEventListener("click", function () { mode(false); });
  box.addEventListener("input", schedulePreview);

  // The live preview: at most one request in flight, the newest edit wins.
  const panel = document.getElementById("live-preview");
  let timer = null;
  let asked = 0;
  function schedulePreview() { clearTimeout(timer); timer = setTimeout(preview, 400); }
  async function preview() {
    const ticket = ++asked;
    const status = document.getElementById("live-status");
    const list = document.getElementById("live-accounts");
    let body;
    try { body = JSON.parse(box.value); } catch (e) { status.textContent = t("Waiting for valid JSON."); return; }
    try {
      const response = await fetch(panel.dataset.url, {
        method: "POST", credentials: "same-origin", body: JSON.stringify(body),
        headers: { "Content-Type": "application/json", "X-CSRF-Token": panel.dataset.csrf },
      });
      const data = await response.json();
      if (ticket !== asked) return;
      if (!response.ok) {
        document.getElementById("live-count").textContent = "?";
        status.textContent = t("Not a complete rule yet: {problems}", { problems: (data.detail || []).slice(0, 3).map(function (d) {
          return d.loc.filter(function (p) { return p !== "body"; }).join(".") + ": " + d.msg;
        }).join("; ") });
        list.replaceChildren();
        return;
      }
      document.getElementById("live-count").textContent = t("{matched} of {checked}", { matched: data.matched, checked: data.accounts_checked });
      status.textContent = data.matched > data.accounts.length ? t("The first {count}:", { count: data.accounts.length }) : "";
      list.replaceChildren(...data.accounts.map(function (a) {
        const why = Object.entries(a.why).map(function ([k, v]) { return human(k) + " " + v; }).join(", ");
        return el("li", {}, [el("a", { href: "/accounts/" + a.account_id, text: a.name }), " ", el("span", { class: "sub", text: why })]);
      }));
    } catch (e) { status.textContent = t("The preview could not be reached; it tries again on the next edit."); }
  }

  document.getElementById("rule-modes").hidden = false;
  panel.hidden = false;
  document.getElementById("preview-button").remove();  // the live preview replaces the round trip
  mode(true);
  if (rule) schedulePreview();
})();
