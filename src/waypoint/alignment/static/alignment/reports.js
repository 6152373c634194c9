/* The org-chart mirroring chart: objectives per quarter, one department against cross-functional. */
(function () {
  "use strict";
  function draw(el) {
    var data = JSON.parse(el.querySelector("script").textContent);
    var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      color: ["#a3acb9", "#1f4e79"],
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: data.quarters },
      yAxis: { type: "value", minInterval: 1, name: "objectives" },
      series: [
        { name: "One department", type: "bar", stack: "all", data: data.single },
        { name: "Cross-functional", type: "bar", stack: "all", data: data.cross },
      ],
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var charts = document.querySelectorAll("[data-mirroring-chart]");
    charts.forEach(draw);
    window.addEventListener("resize", function () {
      charts.forEach(function (el) { var c = window.echarts.getInstanceByDom(el); if (c) c.resize(); });
    });
  });
})();
