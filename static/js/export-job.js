// The page of a background export (templates/core/export_job.html): polls the job's status and
// shows the progress, then the download link. No inline script (Content-Security-Policy).
(function () {
  "use strict";
  var root = document.getElementById("export-job");
  if (!root || !window.fetch) { return; }
  var bar = root.querySelector("[data-export-bar]");
  var fill = bar && bar.querySelector(".progress-bar");
  var label = root.querySelector("[data-export-label]");
  var ready = root.querySelector("[data-export-ready]");
  var link = root.querySelector("[data-export-download]");
  var failed = root.querySelector("[data-export-failed]");
  var delay = 1000;

  function show(state) {
    bar.setAttribute("aria-valuenow", String(state.progress));
    fill.style.width = state.progress + "%";
    fill.textContent = state.progress + " %";
    if (label.textContent !== state.label) { label.textContent = state.label; }
    if (state.download_url) {
      link.setAttribute("href", state.download_url);
      ready.classList.remove("d-none");
    }
    if (state.status === "failed") {
      fill.classList.add("bg-danger");
      failed.classList.remove("d-none");
    }
    return state.status === "queued" || state.status === "running";
  }

  function poll() {
    fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && show(state)) {
          delay = Math.min(delay * 1.3, 5000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, delay);
})();
