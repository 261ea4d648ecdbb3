// The dashboard's charts, drawn with ECharts (vendored: /static/echarts.min.js)
// from the JSON the page carries in <script type="application/json"
// id="dashboard-data">. The tables hold every figure; the charts are an extra.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data;
  try { data = JSON.parse(source.textContent); } catch (e) { return; }
  if (!data.years || data.years.length === 0) { return; }

  function series(keys, type, stack) {
    return keys.map(function (key) {
      var figure = data.figures[key];
      var s = { name: figure.name, type: type, data: figure.values, connectNulls: false };
      if (stack) { s.stack = stack; }
      return s;
    });
  }

  function draw(id, title, keys, type, options) {
    var element = document.getElementById(id);
    if (!element) { return; }
    var chart = echarts.init(element);
    var option = {
      // No animation: the figures appear at once, also on an old office PC.
      animation: false,
      title: { text: title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 48 },
      xAxis: { type: "category", data: data.years },
      yAxis: { type: "value" },
      series: series(keys, type, options && options.stack)
    };
    if (options && options.percent) {
      option.yAxis.axisLabel = { formatter: function (v) { return Math.round(v * 100) + "%"; } };
      option.tooltip.valueFormatter = function (v) {
        return v === null || v === undefined ? "" : (v * 100).toFixed(1) + "%";
      };
    }
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  draw("chart-requests", data.titles.requests, data.requests, "bar");
  draw("chart-outcomes", data.titles.outcomes, data.outcomes, "bar", { stack: "outcomes" });
  draw("chart-rates", data.titles.rates, data.rates, "line", { percent: true });
})();
