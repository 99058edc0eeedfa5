// Draws every figure[data-chart] (spec: web/ui/charts.py) with the vendored Chart.js: axes, ticks, a legend and
// tooltips in the spec's unit. Chart.js is fetched only on pages that have a chart; the figure's table of numbers
// stays (folded) for readers without script or canvas.
(function () {
  "use strict";
  var LIBRARY = "/static/vendor/chartjs/chart.umd.min.js";
  var PALETTE = {
    blue: "#2563eb", green: "#10b981", amber: "#f59e0b", red: "#ef4444", grey: "#94a3b8",
    violet: "#7c3aed", teal: "#0d9488", slate: "#475569", sky: "#38bdf8",
  };

  function colour(tone) { return PALETTE[tone] || PALETTE.blue; }

  function formats(spec) {
    var locale = document.documentElement.lang || undefined;
    try { Intl.NumberFormat.supportedLocalesOf(locale || []); } catch (err) { locale = undefined; }  // a bad tag
    var full, short;
    if (spec.unit === "money") {
      var money = { style: "currency", currency: spec.currency || "USD", maximumFractionDigits: 0 };
      full = new Intl.NumberFormat(locale, money);
      short = new Intl.NumberFormat(locale, Object.assign({ notation: "compact" }, money));
    } else {
      full = new Intl.NumberFormat(locale, { maximumFractionDigits: spec.unit === "count" ? 0 : 1 });
      short = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
    }
    if (spec.unit === "date") {
      var day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
      var month = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
      var asDate = function (f) { return function (v) { return Array.isArray(v) ? asDate(f)(v[0]) + " – " + asDate(f)(v[1])
        : v === null || v === undefined ? "—" : f.format(new Date(v * 86400000)); }; };
      return { full: asDate(day), short: asDate(month), count: asDate(day) };
    }
    var suffix = spec.unit === "percent" ? "%" : spec.unit === "days" ? " d" : "";
    function one(f) {
      return function (v) {
        if (v === null || v === undefined) { return "—"; }
        if (Array.isArray(v)) { return f.format(v[0]) + suffix + " – " + f.format(v[1]) + suffix; }
        return f.format(v) + suffix;
      };
    }
    var count = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    return { full: one(full), short: one(short), count: function (v) { return count.format(v); } };
  }

  function datasets(spec) {
    return spec.series.map(function (s) {
      var kind = s.kind || spec.kind;
      var c = colour(s.tone);
      var set = {
        label: s.name, data: s.values, type: kind, borderColor: c,
        backgroundColor: s.tones ? s.tones.map(colour) : c,
      };
      if (s.axis === "right") { set.yAxisID = "y2"; }
      if (kind === "line") {
        Object.assign(set, { borderWidth: 2, pointRadius: s.values.length > 40 ? 0 : 3, pointHoverRadius: 4,
          tension: 0.2, spanGaps: true, fill: false });
        if (s.points) { set.showLine = false; set.pointRadius = 5; set.pointStyle = "rectRot"; }
        if (s.tones) { set.pointBackgroundColor = s.tones.map(colour); set.pointBorderColor = set.pointBackgroundColor; }
      } else {
        Object.assign(set, { borderWidth: 0, borderRadius: 2, maxBarThickness: 48 });
      }
      return set;
    });
  }

  function scales(spec, fmt) {
    var value = spec.horizontal ? "x" : "y";
    var index = spec.horizontal ? "y" : "x";
    var out = {};
    out[index] = { stacked: spec.stacked, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } };
    out[value] = { stacked: spec.stacked, beginAtZero: true, ticks: { callback: function (v) { return fmt.short(v); } } };
    if (spec.min !== undefined) { out[value].min = spec.min; }
    if (spec.max !== undefined) { out[value].max = spec.max; }
    if (spec.series.some(function (s) { return s.axis === "right"; })) {
      out.y2 = { position: "right", beginAtZero: true, grid: { drawOnChartArea: false },
        ticks: { callback: function (v) { return fmt.count(v); } } };
    }
    return out;
  }

  function draw(figure) {
    var spec = JSON.parse(figure.getAttribute("data-chart"));
    var box = figure.querySelector(".chart-canvas");
    var fmt = formats(spec);
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", spec.title);
    box.appendChild(canvas);
    box.hidden = false;
    if (spec.horizontal) { box.style.height = Math.max(120, spec.labels.length * 30 + 50) + "px"; }
    new window.Chart(canvas, {
      type: spec.kind,
      data: { labels: spec.labels, datasets: datasets(spec) },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        interaction: { mode: "index", intersect: false },
        scales: scales(spec, fmt),
        plugins: {
          legend: {  // a series coloured bar by bar is named by its axis labels, not by one swatch
            display: !spec.series.every(function (s) { return s.tones; }), position: "bottom",
            labels: { filter: function (item) { return !spec.series[item.datasetIndex].tones; } },
          },
          tooltip: { callbacks: { label: function (ctx) {
            var s = spec.series[ctx.datasetIndex];
            if (s.text && s.text[ctx.dataIndex]) { return ctx.dataset.label + ": " + s.text[ctx.dataIndex]; }
            return ctx.dataset.label + ": " + (s.axis === "right" ? fmt.count : fmt.full)(ctx.raw);
          } } },
        },
      },
    });
    var details = figure.querySelector("details.chart-data");
    if (details) { details.open = false; }
    figure.classList.add("chart-drawn");
  }

  function drawAll() {
    document.querySelectorAll("figure[data-chart]").forEach(function (figure) {
      try { draw(figure); } catch (err) { figure.classList.add("chart-failed"); }
    });
  }

  function start() {
    if (!document.querySelector("figure[data-chart]")) { return; }
    if (window.Chart) { drawAll(); return; }
    var script = document.createElement("script");
    script.src = LIBRARY;
    script.onload = drawAll;
    document.head.appendChild(script);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
