// Import progress: polls the import's progress endpoint and moves the bar;
// reloads the page when the import has finished to show its outcome.
(function () {
  "use strict";
  const section = document.querySelector("[data-progress-url]");
  if (!section) return;
  const bar = document.getElementById("import-progress");
  const stage = document.getElementById("import-stage");
  const url = section.dataset.progressUrl;

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.percent;
        bar.textContent = data.percent + "%";
        stage.textContent = (data.stage || "Working") + " · " + data.percent + "%";
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
