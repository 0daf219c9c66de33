// Draws every chart of a page: an element with data-chart="ID" takes its ECharts option from the JSON in
// <script type="application/json" id="ID"> (data, not code: the page runs no inline script). A map option
// names its GeoJSON in "geojson" (a URL on this site) and the map name in "map".
"use strict";

async function drawChart(element) {
  const source = document.getElementById(element.dataset.chart);
  if (!source || typeof echarts === "undefined") return;
  const option = JSON.parse(source.textContent);
  if (option.geojson) {
    const response = await fetch(option.geojson, { credentials: "same-origin" });
    echarts.registerMap(option.map, await response.json());
    delete option.geojson;
    delete option.map;
  }
  const chart = echarts.init(element, null, { renderer: "canvas" });
  chart.setOption(option);
  if (option.links) {
    chart.on("click", (event) => {
      const target = event.data && option.links[event.data.name || event.name];
      if (target) window.location.href = target;
    });
  }
  element.dataset.drawn = "true";
  // A map resized to nothing throws in ECharts 6.1.0 (apache/echarts#21706, fixed upstream after it), as when
  // a new tab is briefly 1 px wide: the chart keeps its size until the window has one again.
  window.addEventListener("resize", () => {
    if (element.clientWidth > 0 && element.clientHeight > 0) chart.resize();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-chart]").forEach((element) => { drawChart(element); });
  const anchor = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (anchor) { anchor.classList.add("current"); anchor.scrollIntoView({ block: "center" }); }
});
