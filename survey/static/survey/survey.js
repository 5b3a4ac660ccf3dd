// Response counts of a survey wave: polls a small JSON endpoint.
// Wave page (.survey-live): updates the live numbers of responses received.
// Results page (.survey-shown): reloads once when a new release of results is shown (results
// move in steps of at least k responses, see survey/releases.py).
(function () {
  "use strict";
  var box = document.querySelector(".survey-live[data-count-url], .survey-shown[data-count-url]");
  if (!box || !window.fetch) { return; }
  var url = box.dataset.countUrl;
  var reached = box.dataset.reached === "1";
  var reload = box.dataset.reload === "1";
  var shown = box.dataset.shown;
  function set(id, text) {
    var el = document.getElementById(id);
    if (el) { el.textContent = text; }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (shown !== undefined) {
          if (reload && String(data.shown) !== shown) {
            shown = String(data.shown);
            window.location.reload();
          }
          return;
        }
        set("live-responses", String(data.responses));
        if (data.responses_label) { set("live-responses-label", data.responses_label); }
        set("live-rate", data.rate === null ? "—" : Math.round(data.rate) + " %");
        set("live-invited", String(data.answered_invitations));
        if (reload && !reached && data.threshold_reached) {
          reached = true;
          window.location.reload();
        }
      })
      .catch(function () { /* try again at the next tick */ });
  }
  window.setInterval(poll, parseInt(box.dataset.interval || "4000", 10));
})();
