// The console's charts: every <canvas data-chart="{type, labels, datasets}"> becomes a Chart.js chart, on the first
// page load and whenever htmx swaps new content in. No inline script: the Content-Security-Policy allows none.
(function () {
  const palette = ['#0b5cad', '#a40e26', '#116329', '#7a4b00', '#6639ba', '#1b7c83'];

  function draw(root) {
    if (typeof Chart === 'undefined') { return; }
    root.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      const spec = JSON.parse(canvas.dataset.chart);
      const datasets = spec.datasets.map(function (d, i) {
        return {label: d.label, data: d.data, borderColor: palette[i % palette.length],
          backgroundColor: palette[i % palette.length] + (spec.type === 'bar' ? 'cc' : '33'), borderWidth: 2,
          tension: 0.2, fill: false};
      });
      new Chart(canvas, {type: spec.type, data: {labels: spec.labels, datasets: datasets},
        options: {animation: false, responsive: true, maintainAspectRatio: true,
          plugins: {legend: {position: 'bottom'}}, scales: {y: {beginAtZero: true}}}});
      canvas.dataset.drawn = 'true';
    });
  }

  document.addEventListener('DOMContentLoaded', function () { draw(document); });
  document.addEventListener('htmx:afterSettle', function (event) { draw(event.target); });
})();
