/*
 * The Marketplace dashboard's charts (the admins' studio home, /cms/).
 *
 * Data comes from the page (json_script #marketplace-dashboard-data, written by
 * shop/marketplace/studio/dashboard.py); Chart.js is our own static copy
 * (static/vendor/chartjs). Loaded with `defer` from <head>, so the page is parsed when this runs.
 *
 * Readable without colour: each series of a chart with several has its own fill pattern (stacked
 * bars) or dash and point style (lines), shown in the legend too. Each chart's table stays below
 * it; it is open until the chart is drawn, so without this script the tables are the charts.
 */
(function () {
    "use strict";

    // Typing a day in From or To means a custom period: choose it in the picker too.
    var picker = document.getElementById("dashboard-period");
    ["dashboard-from", "dashboard-to"].forEach(function (id) {
        var field = document.getElementById(id);
        if (picker && field) {
            field.addEventListener("change", function () {
                if (field.value) {
                    picker.value = "custom";
                }
            });
        }
    });

    var source = document.getElementById("marketplace-dashboard-data");
    if (!source || typeof window.Chart === "undefined") {
        return;
    }
    var data = JSON.parse(source.textContent);
    var locale = document.documentElement.lang || "en-GB";
    var currency = data.currency || "GBP";
    var money = new Intl.NumberFormat(locale, { style: "currency", currency: currency });
    var whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });

    // Colours differ, and so do patterns, dashes and point shapes: colour is never the only cue.
    var COLOURS = ["#007d7e", "#b3541e", "#5b4b8a", "#2e6f40"];
    var DASHES = [[], [8, 4], [2, 3], [12, 4, 2, 4]];
    var POINTS = ["circle", "triangle", "rect", "rectRot"];

    function pattern(index, colour) {
        // A small tile: solid, diagonal stripes, dots, cross-hatch.
        var size = 8;
        var tile = document.createElement("canvas");
        tile.width = tile.height = size;
        var pen = tile.getContext("2d");
        pen.fillStyle = "#ffffff";
        pen.fillRect(0, 0, size, size);
        pen.fillStyle = colour;
        pen.strokeStyle = colour;
        pen.lineWidth = 2;
        if (index === 0) {
            pen.fillRect(0, 0, size, size);
        } else if (index === 1) {
            pen.beginPath();
            pen.moveTo(0, size);
            pen.lineTo(size, 0);
            pen.moveTo(-2, 2);
            pen.lineTo(2, -2);
            pen.moveTo(size - 2, size + 2);
            pen.lineTo(size + 2, size - 2);
            pen.stroke();
        } else if (index === 2) {
            pen.beginPath();
            pen.arc(size / 2, size / 2, 2, 0, 2 * Math.PI);
            pen.fill();
        } else {
            pen.beginPath();
            pen.moveTo(0, size / 2);
            pen.lineTo(size, size / 2);
            pen.moveTo(size / 2, 0);
            pen.lineTo(size / 2, size);
            pen.stroke();
        }
        return tile.getContext("2d").createPattern(tile, "repeat");
    }

    function formatter(kind) {
        return function (value) {
            return kind === "money" ? money.format(value) : whole.format(value);
        };
    }

    function dataset(chart, series, index) {
        var colour = COLOURS[index % COLOURS.length];
        var values = series.values.map(Number);
        var base = { label: series.label, data: values, borderColor: colour };
        if (chart.draw === "stacked") {
            return Object.assign(base, { backgroundColor: pattern(index, colour), borderWidth: 1, stack: "sources" });
        }
        if (chart.draw === "line" || chart.draw === "lines") {
            return Object.assign(base, {
                backgroundColor: colour,
                borderDash: DASHES[index % DASHES.length],
                pointStyle: POINTS[index % POINTS.length],
                pointRadius: values.length > 40 ? 2 : 4,
                borderWidth: 2,
                tension: 0,
            });
        }
        return Object.assign(base, { backgroundColor: colour });
    }

    function config(chart) {
        var kind = chart.datasets.length ? chart.datasets[0].kind : "count";
        var format = formatter(kind);
        var horizontal = chart.draw === "hbar";
        var valueAxis = { beginAtZero: true, stacked: chart.draw === "stacked", ticks: { callback: format } };
        if (kind === "count") {
            valueAxis.ticks.precision = 0;
        }
        var labelAxis = { stacked: chart.draw === "stacked", ticks: { autoSkip: true, maxRotation: 0 } };
        return {
            type: chart.draw === "line" || chart.draw === "lines" ? "line" : "bar",
            data: {
                labels: chart.labels,
                datasets: chart.datasets.map(function (series, index) {
                    return dataset(chart, series, index);
                }),
            },
            options: {
                indexAxis: horizontal ? "y" : "x",
                maintainAspectRatio: false,
                animation: false,
                interaction: { mode: "index", intersect: false },
                scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
                plugins: {
                    legend: { display: chart.datasets.length > 1, labels: { usePointStyle: chart.draw === "lines" } },
                    title: { display: false },
                    tooltip: {
                        callbacks: {
                            label: function (item) {
                                return item.dataset.label + ": " + format(item.parsed[horizontal ? "x" : "y"]);
                            },
                        },
                    },
                },
            },
        };
    }

    data.charts.forEach(function (chart) {
        var canvas = document.querySelector('canvas[data-chart="' + chart.name + '"]');
        if (!canvas || !chart.labels.length) {
            return; // nothing in the period: the table says so
        }
        canvas.parentElement.hidden = false;
        new window.Chart(canvas, config(chart));
        canvas.dataset.drawn = "true";
        var table = document.querySelector('details[data-chart-table="' + chart.name + '"]');
        if (table) {
            table.open = false; // the chart is there; the numbers are one click away
        }
    });
})();
