// The pages' script: the NHS.UK frontend's components, and the charts, drawn with the
// plotly.js file the server ships (loaded before this module on pages with charts). Every
// chart's figures are also in a table on its page, so nothing is lost without script.
import { initAll } from "./build/nhsuk-frontend.min.js";

initAll();

for (const spec of document.querySelectorAll("script[data-chart]")) {
  const target = document.getElementById(spec.dataset.chart);
  if (target && window.Plotly) {
    const figure = JSON.parse(spec.textContent);
    window.Plotly.newPlot(target, figure.data, figure.layout, figure.config);
  }
}

for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
