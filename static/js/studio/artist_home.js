/*
 * The artist's studio home: the last 90 days of sales and earnings as a line chart (Chart.js, served
 * from our own static files). The numbers come from the page (#artist-money-data, written by
 * json_script), so no script is inline. Loaded deferred after Chart.js: Wagtail writes media before
 * the page's content.
 * Sales and earnings differ by more than colour: a solid line and a dashed one, named in the legend
 * and the tooltip; the table under the chart holds the same numbers.
 */
(function () {
  "use strict";

  const canvas = document.getElementById("artist-money-chart");
  const source = document.getElementById("artist-money-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const locale = document.documentElement.lang || undefined;
  const money = new Intl.NumberFormat(locale, { style: "currency", currency: data.currency });
  const dayLabel = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  const labels = data.days.map(function (day) {
    return dayLabel.format(new Date(day + "T00:00:00Z")); // a calendar day, shown as it is
  });

  function line(label, values, colour, dash) {
    return {
      label: label,
      data: values.map(Number),
      borderColor: colour,
      backgroundColor: "transparent", // the legend's box: an outline, solid or dashed like its line
      borderWidth: 2,
      borderDash: dash,
      pointBackgroundColor: colour,
      pointRadius: 0,
      pointHoverRadius: 4,
      tension: 0,
    };
  }

  canvas.chart = new Chart(canvas, {
    type: "line",
    data: {
      labels: labels,
      datasets: [
        line("Sales", data.sales, "#2e1f5e", []),
        line("Earnings (after fees)", data.earnings, "#007d7e", [6, 4]),
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        x: { ticks: { maxTicksLimit: 10, autoSkip: true } },
        y: {
          beginAtZero: true,
          ticks: {
            callback: function (value) {
              return money.format(value);
            },
          },
        },
      },
      plugins: {
        // Each legend box is outlined as its series is drawn: solid for sales, dashed for earnings.
        legend: { labels: { boxWidth: 36, boxHeight: 12 } },
        tooltip: {
          callbacks: {
            label: function (item) {
              return item.dataset.label + ": " + money.format(item.parsed.y);
            },
          },
        },
      },
    },
  });
})();
