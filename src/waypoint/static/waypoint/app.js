/* Waypoint's small front end: charts for key results, period switching, inline check-ins. */
(function () {
  "use strict";

  // Every date on a time axis in one format ("Oct 6"), never a mix of day numbers and months.
  function shortDate(value) {
    return new Date(value).toLocaleDateString(document.documentElement.lang || undefined, { month: "short", day: "numeric" });
  }

  function chartOption(data) {
    var style = getComputedStyle(document.documentElement);
    var brand = style.getPropertyValue("--brand").trim() || "#1f4e79";
    var series = [{
      name: "Plan", type: "line", data: data.plan, symbol: "none",
      lineStyle: { type: "dashed", color: "#98a4b3", width: 1.5 }, itemStyle: { color: "#98a4b3" },
    }, {
      name: "Actual", type: "line", data: data.actual, symbolSize: 6,
      lineStyle: { color: brand, width: 2.5 }, itemStyle: { color: brand },
    }];
    if (data.target !== null) {
      series[1].markLine = {
        silent: true, symbol: "none", label: { formatter: "target {c}", position: "insideEndTop", fontSize: 11 },
        lineStyle: { color: "#1e8e5a", type: "dotted" }, data: [{ yAxis: data.target }],
      };
    }
    return {
      animationDuration: 500,
      // The legend sits below the axis, clear of the target's label and the unit's name.
      grid: { left: 48, right: 16, top: 24, bottom: 48 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + (data.unit ? " " + data.unit : ""); } },
      legend: { data: ["Plan", "Actual"], left: "center", bottom: 0, textStyle: { fontSize: 11 } },
      xAxis: { type: "time", min: data.start, max: data.end, splitNumber: 4,
               axisLabel: { fontSize: 11, hideOverlap: true, formatter: shortDate } },
      yAxis: { type: "value", scale: true, name: data.unit || "", axisLabel: { fontSize: 11 } },
      series: series,
    };
  }

  // One way to draw every chart: SVG, still for people who ask for less motion, and marked
  // data-drawn once its animation has finished (what a reader, or a test, can rely on).
  function draw(el, option) {
    var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el, null, { renderer: "svg" });
    if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
      option.animation = false;
    }
    el.removeAttribute("data-drawn");
    chart.off("finished");
    chart.on("finished", function () { el.setAttribute("data-drawn", ""); });
    chart.setOption(option, true);
    return chart;
  }

  function renderCharts(root) {
    if (!window.echarts) { return; }
    root.querySelectorAll("[data-kr-chart]").forEach(function (el) {
      var script = el.querySelector("script[type='application/json']");
      if (!script) { return; }
      draw(el, chartOption(JSON.parse(script.textContent)));
      el.setAttribute("role", "img");
    });
  }

  function readJson(el) {
    var script = el.querySelector("script[type='application/json']");
    return script ? JSON.parse(script.textContent) : null;
  }

  // On a phone the family names wrap onto two lines instead of taking half the width.
  function heatmapOption(data, width) {
    var narrow = width < 480;
    return {
      tooltip: { formatter: function (p) { return data.families[p.value[1]] + " · " + data.levels[p.value[0]] + ": " + p.value[2]; } },
      grid: { left: narrow ? 104 : 170, right: narrow ? 8 : 20, top: 10, bottom: 84 },
      xAxis: { type: "category", data: data.levels, splitArea: { show: true }, axisLabel: { fontSize: 11, lineHeight: 14, interval: 0, formatter: function (v) { return v.replace(" ", "\n"); } } },
      yAxis: { type: "category", data: data.families, inverse: true, splitArea: { show: true },
               axisLabel: { fontSize: 11, interval: 0, width: narrow ? 96 : 160, overflow: "break", lineHeight: 13 } },
      visualMap: { min: 0, max: Math.max(1, data.max), calculable: false, orient: "horizontal", left: "center", bottom: 0,
                   inRange: { color: ["#f4f6f9", "#f6c76b", "#c43d3d"] }, textStyle: { fontSize: 11 } },
      series: [{ type: "heatmap", data: data.cells, label: { show: true, formatter: function (p) { return p.value[2] || ""; } } }],
    };
  }

  function trendOption(data, width) {
    var names = Object.keys(data.series);
    return {
      tooltip: { trigger: "axis" },
      // Nine families wrap into rows that run into the axis on a phone: one scrollable row there.
      legend: { data: names, bottom: 0, textStyle: { fontSize: 11 }, type: width < 480 ? "scroll" : "plain" },
      grid: { left: 36, right: 12, top: 16, bottom: width < 480 ? 44 : 80 },
      xAxis: { type: "category", data: data.periods },
      yAxis: { type: "value", minInterval: 1 },
      series: names.map(function (name) { return { name: name, type: "bar", stack: "all", data: data.series[name] }; }),
    };
  }

  // The learning loop: average scores per quarter as bars, the 0.7 and 1.0 expectations as lines.
  function learningOption(data, width) {
    function expectation(value, label) {
      return { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#5c6b7a" },
               label: { formatter: label, position: "insideEndTop", fontSize: 11 }, data: [{ yAxis: value }] };
    }
    return {
      tooltip: { trigger: "axis" },
      legend: { data: ["Aspirational", "Committed"], top: 0, right: 0, textStyle: { fontSize: 11 } },
      grid: { left: 36, right: 12, top: 36, bottom: 28 },
      xAxis: { type: "category", data: data.periods, axisLabel: { fontSize: 11, hideOverlap: true } },
      yAxis: { type: "value", min: 0, max: 1.2, interval: 0.2, axisLabel: { fontSize: 11 } },
      series: [
        { name: "Aspirational", type: "bar", barMaxWidth: 48, data: data.aspirational, itemStyle: { color: "#2f6fb0" },
          markLine: expectation(0.7, width < 480 ? "0.7" : "aspirational ≈ 0.7") },
        { name: "Committed", type: "bar", barMaxWidth: 48, data: data.committed, itemStyle: { color: "#b5651d" },
          markLine: expectation(1.0, width < 480 ? "1.0" : "committed 1.0") },
      ],
    };
  }

  function renderPlainCharts(root) {
    if (!window.echarts) { return; }
    [["[data-heatmap]", heatmapOption], ["[data-trend]", trendOption], ["[data-learning-chart]", learningOption]].forEach(function (pair) {
      root.querySelectorAll(pair[0]).forEach(function (el) {
        var data = readJson(el);
        if (!data) { return; }
        draw(el, pair[1](data, el.clientWidth));
      });
    });
  }

  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-kr-chart], [data-heatmap], [data-trend], [data-learning-chart]").forEach(function (el) {
      var chart = window.echarts && window.echarts.getInstanceByDom(el);
      if (chart) { chart.resize(); }
    });
  });

  // The phone menu: one button folds the main menu and the unit tree (aria-controls lists both).
  // Without this script the button stays hidden and both stay open.
  function setUpMenu() {
    var toggle = document.querySelector("[data-menu-toggle]");
    if (!toggle) { return; }
    var panels = toggle.getAttribute("aria-controls").split(" ").map(function (id) {
      return document.getElementById(id);
    }).filter(Boolean);
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      panels.forEach(function (panel) { panel.classList.toggle("is-open", open); });
    }
    document.documentElement.classList.add("has-menu");
    toggle.hidden = false;
    toggle.addEventListener("click", function () { setOpen(toggle.getAttribute("aria-expanded") !== "true"); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // Searchable, grouped pickers over long multi-selects (Tom Select); the plain <select>
  // underneath is what the form sends, so without JS nothing changes but the looks.
  function setUpPickers(root) {
    if (!window.TomSelect) { return; }
    root.querySelectorAll("select[data-picker]").forEach(function (select) {
      if (select.tomselect) { return; }
      new window.TomSelect(select, {
        plugins: ["remove_button"],
        maxOptions: null,
        hidePlaceholder: true,
        closeAfterSelect: true,
        refreshThrottle: 0,  // options are all on the page: filter at every key, no stale list
        placeholder: select.getAttribute("data-placeholder") || "",
        searchField: ["text", "optgroup"],
        render: {
          no_results: function (data, escape) {
            return '<div class="no-results">Nothing matches “' + escape(data.input) + '”</div>';
          },
        },
      });
      // The label now names the picker's combobox; the select underneath only carries the value.
      select.setAttribute("aria-hidden", "true");
    });
  }

  // A table wider than the screen scrolls inside its .table-wrap; keyboard users reach that
  // scroll by focusing the region, which is named after the table's caption or heading.
  function makeScrollRegionsFocusable(root) {
    root.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth || wrap.hasAttribute("tabindex")) { return; }
      var caption = wrap.querySelector("caption");
      var heading = wrap.closest("section") && wrap.closest("section").querySelector("h2, h3");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", ((caption || heading || {}).textContent || "Table").trim());
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    makeScrollRegionsFocusable(document);
    setUpPickers(document);
    renderCharts(document);
    renderPlainCharts(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    renderCharts(event.target.parentElement || document);
    // What htmx swaps in says where focus goes with data-autofocus, not autofocus: the browser
    // would act on autofocus as soon as the content is in, before htmx has wired its forms,
    // and a key pressed then would post the form as a page.
    var root = event.target;
    var field = root.matches && (root.matches("[data-autofocus]") ? root : root.querySelector("[data-autofocus]"));
    if (field) { field.focus(); }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]")) { event.target.form.submit(); }
  });

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest("[data-dismiss-checkin]");
    if (cancel && cancel.closest(".kr__slot")) {
      event.preventDefault();
      cancel.closest(".kr__slot").innerHTML = "";
    }
    var confirmable = event.target.closest("[data-confirm]");
    if (confirmable && !window.confirm(confirmable.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
