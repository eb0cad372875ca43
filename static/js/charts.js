// Keep or Boot: draws the charts of templates/partials/chart.html.
// Each block names a <script type="application/json"> (Django's json_script)
// holding the figures built by reports/charts.py; nothing runs inline, so a
// strict Content Security Policy works. Without Chart.js (or JavaScript) the
// block's summary and table still give every figure.
//
// Charts are drawn when they come near the screen, and Chart.js itself (about
// 200 KB) is only fetched then: on a phone the charts sit below the customers,
// and drawing them at load kept the page busy for seconds (Lighthouse's total
// blocking time). Printing draws every chart first (beforeprint).
(function () {
  "use strict";

  var blocks = Array.prototype.slice.call(document.querySelectorAll("[data-chart]"));
  var script = document.currentScript;
  var libraryUrl = script && script.getAttribute("data-library");
  if (!blocks.length || (!window.Chart && !libraryUrl)) {
    return;
  }
  var loading = null;

  // Chart.js, fetched once, from the app itself (script-src 'self').
  function library() {
    if (window.Chart) {
      return Promise.resolve();
    }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = libraryUrl;
        tag.onload = resolve;
        tag.onerror = function () {
          reject(new Error("Chart.js did not load"));
        };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  var COLOURS = {
    series: ["#0d6efd", "#6f42c1", "#20c997", "#6c757d", "#0dcaf0"],
    good: "#198754",
    warn: "#dc3545",
    reference: "#fd7e14",
  };
  // Paper-friendly size (about 18 cm by 8 cm) for printing, drawn sharp.
  var PRINT_SIZE = { width: 680, height: 300, pixelRatio: 2 };

  function toNumber(value) {
    return value === null || value === undefined || value === "" ? null : Number(value);
  }

  // Formats a figure for axes (whole units) or tooltips (cents for money).
  function formatter(spec, precise) {
    var plain = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
    var money = new Intl.NumberFormat(undefined, {
      minimumFractionDigits: precise ? 2 : 0,
      maximumFractionDigits: precise ? 2 : 0,
    });
    var symbol = spec.currency_symbol || "";
    return function (value) {
      if (value === null || value === undefined || isNaN(value)) {
        return "–";
      }
      switch (spec.unit) {
        case "money":
          return (value < 0 ? "−" : "") + symbol + money.format(Math.abs(value));
        case "days":
          return plain.format(value) + (precise ? (value === 1 ? " day" : " days") : " d");
        case "percent":
          return plain.format(value) + "%";
        case "hours":
          return plain.format(value) + " h";
        default:
          return plain.format(value);
      }
    };
  }

  function referenceDataset(label, data) {
    return {
      type: "line",
      label: label,
      data: data,
      borderColor: COLOURS.reference,
      backgroundColor: COLOURS.reference,
      borderDash: [6, 4],
      borderWidth: 2,
      pointRadius: 0,
      pointHitRadius: 0,
      pointStyle: "line",
      fill: false,
      order: 0,
      legendColour: COLOURS.reference,
    };
  }

  // Lines or bars over categories (months, invoices, customers).
  function categoryDatasets(spec) {
    var sets = spec.datasets.map(function (set, index) {
      var values = set.values.map(toNumber);
      var colour = COLOURS.series[index % COLOURS.series.length];
      var dataset = {
        type: spec.type,
        label: set.label,
        data: values,
        borderColor: colour,
        backgroundColor: colour,
        order: 1,
      };
      if (set.colour_by_sign) {
        var bySign = values.map(function (value) {
          return value !== null && value < 0 ? COLOURS.warn : COLOURS.good;
        });
        dataset.backgroundColor = bySign;
        dataset.borderColor = bySign;
        dataset.pointBackgroundColor = bySign;
        dataset.legendColour = COLOURS.good;
      }
      if (spec.type === "line") {
        // Monotone curves never overshoot the figures they join.
        dataset.cubicInterpolationMode = "monotone";
        dataset.fill = false;
        dataset.pointRadius = values.length > 60 ? 0 : 3;
      }
      return dataset;
    });
    var reference = spec.reference;
    if (reference && reference.value !== null && reference.value !== undefined) {
      var level = toNumber(reference.value);
      sets.push(
        referenceDataset(
          reference.label,
          spec.labels.map(function () {
            return level;
          })
        )
      );
    }
    return sets;
  }

  // Dots on two axes of the same unit, with break-even (y = x) or a level line.
  function scatterDatasets(spec) {
    var points = spec.points.map(function (point) {
      return { x: toNumber(point.x), y: toNumber(point.y), label: point.label, warn: point.warn };
    });
    function dots(label, data, colour) {
      return {
        type: "scatter",
        label: label,
        data: data,
        pointRadius: 4,
        pointHoverRadius: 6,
        pointStyle: "circle",
        backgroundColor: colour,
        borderColor: colour,
        order: 1,
      };
    }
    var sets = [];
    var warned = points.filter(function (point) { return point.warn; });
    var others = points.filter(function (point) { return !point.warn; });
    if (spec.warn_label && warned.length) {
      sets.push(dots(spec.series_label, others, COLOURS.series[0]), dots(spec.warn_label, warned, COLOURS.warn));
    } else {
      sets.push(dots(spec.series_label, points, COLOURS.series[0]));
    }
    var reference = spec.reference;
    var limit = spec.axis_max === null || spec.axis_max === undefined ? null : toNumber(spec.axis_max);
    if (reference && points.length) {
      var xs = points.map(function (p) { return p.x; });
      var ys = points.map(function (p) { return p.y; });
      var low = Math.min(0, Math.min.apply(null, xs));
      var high = limit === null ? Math.max(0, Math.max.apply(null, xs)) : limit;
      if (reference.diagonal) {
        var top = limit === null ? Math.max(high, Math.max.apply(null, ys)) : limit;
        var bottom = Math.min(low, Math.min.apply(null, ys));
        sets.push(referenceDataset(reference.label, [{ x: bottom, y: bottom }, { x: top, y: top }]));
      } else if (reference.value !== null && reference.value !== undefined) {
        var level = toNumber(reference.value);
        sets.push(referenceDataset(reference.label, [{ x: low, y: level }, { x: high, y: level }]));
      }
    }
    return sets;
  }

  // Legend keys in each dataset's own colour (not the first bar's or dot's).
  function legendLabels(chart) {
    var labels = window.Chart.defaults.plugins.legend.labels.generateLabels(chart);
    labels.forEach(function (item) {
      var colour = chart.data.datasets[item.datasetIndex].legendColour;
      if (colour) {
        item.fillStyle = colour;
        item.strokeStyle = colour;
      }
    });
    return labels;
  }

  function axisTitle(text) {
    return { display: Boolean(text), text: text || "" };
  }

  function optionsFor(spec) {
    var axis = formatter(spec, false);
    var precise = formatter(spec, true);
    var scatter = spec.type === "scatter";
    var x = { title: axisTitle(spec.x_title) };
    var y = { title: axisTitle(spec.y_title), beginAtZero: true, ticks: { callback: axis } };
    if (scatter) {
      x.type = "linear";
      x.ticks = { callback: axis };
      // Zoomed: both axes end at the limit; the few bigger customers are named in the summary.
      if (spec.axis_max !== null && spec.axis_max !== undefined) {
        x.min = 0;
        x.max = toNumber(spec.axis_max);
        y.max = toNumber(spec.axis_max);
      }
    }
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: scatter ? "nearest" : "index", intersect: scatter },
      scales: {
        x: x,
        y: y,
      },
      plugins: {
        legend: {
          position: "bottom",
          labels: {
            usePointStyle: true,
            sort: function (a, b) { return a.datasetIndex - b.datasetIndex; },
            generateLabels: legendLabels,
          },
        },
        tooltip: {
          callbacks: {
            label: function (context) {
              var raw = context.raw;
              if (scatter && raw && raw.label !== undefined) {
                return raw.label + ": " + precise(raw.x) + " / " + precise(raw.y);
              }
              return context.dataset.label + ": " + precise(context.parsed.y);
            },
          },
        },
      },
    };
  }

  function draw(block) {
    if (!window.Chart || block.classList.contains("chart-drawn")) {
      return;
    }
    var source = document.getElementById(block.getAttribute("data-chart"));
    var canvas = block.querySelector("canvas");
    if (!source || !canvas) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.type === "scatter" ? scatterDatasets(spec) : categoryDatasets(spec);
    canvas.parentElement.hidden = false;
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: optionsFor(spec),
    });
    block.classList.add("chart-drawn");
  }

  function charts() {
    return window.Chart ? Object.values(window.Chart.instances) : [];
  }

  function drawAll() {
    return library().then(function () {
      blocks.forEach(draw);
    });
  }

  function failed(error) {
    console.warn(error.message + ": the charts stay as their summaries and tables.");
  }

  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            observer.unobserve(entry.target);
            library()
              .then(function () {
                draw(entry.target);
              })
              .catch(failed);
          }
        });
      },
      { rootMargin: "300px 0px" }
    );
    blocks.forEach(function (block) {
      observer.observe(block);
    });
  } else {
    drawAll().catch(failed);
  }

  // The print button (report.js) draws every chart before opening the dialog.
  window.keepOrBootCharts = { drawAll: drawAll };

  // Chart.js cannot follow the print layout on its own: draw at paper size
  // before printing, and back to the screen's size after. Printed before
  // Chart.js has arrived, the charts print as their tables instead.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    blocks.forEach(draw);
    if (!window.Chart) {
      openedForPrint = blocks
        .map(function (block) {
          return block.querySelector("details.chart-table");
        })
        .filter(function (details) {
          return details && !details.open;
        });
      openedForPrint.forEach(function (details) {
        details.open = true;
      });
    }
    charts().forEach(function (chart) {
      chart.options.devicePixelRatio = PRINT_SIZE.pixelRatio;
      chart.resize(PRINT_SIZE.width, PRINT_SIZE.height);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) {
      details.open = false;
    });
    openedForPrint = [];
    charts().forEach(function (chart) {
      chart.options.devicePixelRatio = undefined;
      chart.resize();
    });
  });
})();
