/* KTLO KPI charts: readings over time with the healthy range shaded. */
(function () {
  "use strict";

  function option(data) {
    var brand = getComputedStyle(document.documentElement).getPropertyValue("--brand").trim() || "#1f4e79";
    var values = data.points.map(function (p) { return p[1]; });
    var bounds = values.concat([data.low, data.high].filter(function (v) { return v !== null; }));
    var band = [[{ yAxis: data.low === null ? Math.min.apply(null, bounds) : data.low },
                 { yAxis: data.high === null ? Math.max.apply(null, bounds) : data.high }]];
    return {
      animationDuration: 400,
      grid: { left: 48, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + (data.unit ? " " + data.unit : ""); } },
      xAxis: { type: "time", axisLabel: { fontSize: 11 } },
      yAxis: { type: "value", scale: true, name: data.unit || "", axisLabel: { fontSize: 11 } },
      series: [{
        name: data.name, type: "line", data: data.points, symbolSize: 6,
        lineStyle: { color: brand, width: 2.5 }, itemStyle: { color: brand },
        markArea: { silent: true, itemStyle: { color: "rgba(30, 142, 90, 0.12)" }, data: band },
      }],
    };
  }

  function render() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-kpi-chart]").forEach(function (el) {
      var script = el.querySelector("script[type='application/json']");
      if (!script) { return; }
      var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option(JSON.parse(script.textContent)), true);
    });
  }

  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-kpi-chart]").forEach(function (el) {
      var chart = window.echarts && window.echarts.getInstanceByDom(el);
      if (chart) { chart.resize(); }
    });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
