// planwatch pages: draw the charts described in data-chart attributes, and link targets and
// outline entries to the source lines they come from. No inline scripts (CSP script-src 'self').
"use strict";

const ACTUAL_COLOR = "#2c7fb8";
const CONFLICT_COLOR = "#d73027";

function drawChart(element) {
  const spec = JSON.parse(element.dataset.chart || "{}");
  if (!spec.kind || typeof echarts === "undefined") return;
  const chart = echarts.init(element, null, { renderer: "canvas" });
  const font = { fontFamily: "Noto Sans CJK SC, sans-serif" };
  let option;
  if (spec.kind === "pie") {
    option = {
      textStyle: font,
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "70%"], label: { formatter: "{b} {c}" },
        data: spec.series.map((s) => ({ name: s.name, value: s.value, itemStyle: { color: s.color } })) }],
    };
  } else if (spec.kind === "stack") {
    option = {
      textStyle: font,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: spec.categories },
      yAxis: { type: "value", name: "指标数", minInterval: 1 },
      series: spec.series.map((s) => ({ name: s.name, type: "bar", stack: "status", data: s.data, itemStyle: { color: s.color } })),
    };
  } else if (spec.kind === "indicator") {
    const series = [
      { name: "规划路径", type: "line", data: spec.path, lineStyle: { type: "dashed", color: "#888" }, itemStyle: { color: "#888" }, symbol: "none" },
      // as in the README and the HTML report: published values filled, 示例数据 hollow, conflicts red with "!"
      { name: "实际值", type: "line", symbol: "circle", data: spec.actual.map((p) => {
          const edge = p.conflict ? CONFLICT_COLOR : ACTUAL_COLOR;
          return {
            value: p.value,
            itemStyle: { color: p.illustrative ? "#fff" : edge, borderColor: edge, borderWidth: 2 },
            label: p.conflict ? { show: true, formatter: "!", color: CONFLICT_COLOR, fontWeight: "bold", fontSize: 16, position: "top" } : { show: false },
          };
        }), lineStyle: { color: ACTUAL_COLOR, width: 3 }, itemStyle: { color: ACTUAL_COLOR }, symbolSize: 10 },
    ];
    if (spec.projection.length) series.push({ name: "趋势外推", type: "line", data: spec.projection, lineStyle: { type: "dotted", color: "#2c7fb8" }, symbol: "none" });
    if (spec.target) series.push({ name: "目标 " + spec.targetLabel, type: "scatter", data: [spec.target], symbol: "pin", symbolSize: 30, itemStyle: { color: "#d73027" } });
    option = {
      textStyle: font,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 70, right: 30, top: 40, bottom: 30 },
      xAxis: { type: "value", min: spec.start, max: "dataMax", minInterval: 1, axisLabel: { formatter: (v) => String(v) } },
      yAxis: { type: "value", name: spec.unit, scale: true },
      series: series,
    };
  } else if (spec.kind === "bars") {
    option = {
      textStyle: font,
      title: { text: spec.title, left: "center", textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 50 },
      xAxis: { type: "category", data: spec.categories },
      yAxis: { type: "value" },
      series: spec.series.map((s) => ({ name: s.name, type: "bar", data: s.data, itemStyle: { color: s.color } })),
    };
  } else if (spec.kind === "heatmap") {
    option = {
      textStyle: font,
      tooltip: { position: "top" },
      // the legend sits above the grid (below it, it covered the district names) and prints two decimals
      grid: { left: 220, right: 30, top: 60, bottom: 30 },
      xAxis: { type: "category", data: spec.x, position: "bottom" },
      yAxis: { type: "category", data: spec.y, inverse: true, axisLabel: { fontSize: 10 } },
      visualMap: { min: 0, max: spec.max, precision: 2, calculable: true, orient: "horizontal", left: "center", top: 0,
        text: ["相似度 " + spec.max.toFixed(2), "0.00"], inRange: { color: ["#f7fbff", "#6baed6", "#08306b"] } },
      series: [{ type: "heatmap", data: spec.values, label: { show: true, fontSize: 9, formatter: (p) => p.value[2].toFixed(2) } }],
    };
  } else {
    return;
  }
  option.animation = false;  // charts are read, not watched: draw at once (and screenshot the same)
  chart.setOption(option);
  element.dataset.rendered = "true";
  window.addEventListener("resize", () => chart.resize());
}

function markLines(className, numbers) {
  document.querySelectorAll(".line." + className).forEach((el) => el.classList.remove(className));
  let first = null;
  numbers.forEach((n) => {
    const el = document.getElementById("L" + n);
    if (el) { el.classList.add(className); first = first || el; }
  });
  return first;
}

function range(start, end) {
  const out = [];
  for (let n = start; n <= end; n += 1) out.push(n);
  return out;
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-chart]").forEach(drawChart);

  document.querySelectorAll("button.target").forEach((button) => {
    button.addEventListener("click", () => {
      document.querySelectorAll("button.target.active").forEach((b) => b.classList.remove("active"));
      button.classList.add("active");
      const numbers = (button.dataset.lines || "").split(",").filter(Boolean).map(Number);
      const first = markLines("hl", numbers);
      if (first) first.scrollIntoView({ block: "center" });
    });
  });

  document.querySelectorAll("a.section-link").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const first = markLines("sec", range(Number(link.dataset.start), Number(link.dataset.end)));
      if (first) { first.scrollIntoView({ block: "start" }); history.replaceState(null, "", link.getAttribute("href")); }
    });
  });
});
