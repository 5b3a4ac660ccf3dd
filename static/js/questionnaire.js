// Saves a questionnaire draft in the background shortly after each change, and once more when
// the user leaves the page (closes the tab, follows a link, switches app on a phone), so typing
// is never lost. The page works without it: every button saves the page first.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("autosave-status");
  var unsaved = window.copkitUnsaved;
  var TYPING_DELAY = 1500;  // ms after the last key stroke
  var CHANGE_DELAY = 800;  // ms after a choice, or leaving a field
  var timer = null;
  var submitting = false;
  var inFlight = null;  // state being saved
  var inFlightLeaving = false;  // … by a request that outlives the page

  function currentState() {
    if (unsaved) { return unsaved.state(form); }
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") { parts.push(name + "=" + value); }
    });
    return parts.join("&");
  }
  // A page re-rendered after a refused save holds values that are not stored yet.
  var savedState = form.dataset.warnUnsaved === "unsaved" ? null : currentState();

  function body() {
    var data = new FormData(form);
    data.set("_action", "autosave");
    return data;
  }

  function announce() {
    if (!status) { return; }
    var now = new Date();
    status.textContent = form.dataset.autosave + " " +
      // 24-hour clock in every language, as on the pages (copkit/formats): "14:05", never "2:05 PM".
      now.toLocaleTimeString(document.documentElement.lang,
                             { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  }

  function done(sent) {
    savedState = sent;
    if (unsaved) { unsaved.saved(form, sent); }
    announce();
  }

  // `leaving`: the request must outlive the page (keepalive fetch, else a beacon).
  function send(leaving) {
    window.clearTimeout(timer);
    timer = null;
    if (submitting) { return; }
    var sent = currentState();
    if (sent === savedState || (sent === inFlight && (inFlightLeaving || !leaving))) { return; }
    inFlight = sent;
    inFlightLeaving = leaving;
    var request = null;
    try {
      request = fetch(window.location.pathname, { method: "POST", body: body(),
        credentials: "same-origin", keepalive: leaving,
        headers: { "X-Requested-With": "fetch", "Accept": "application/json" } });
    } catch (e) {
      request = null;  // a browser without keepalive refuses the option
    }
    if (request) {
      request
        .then(function (response) {
          return response.ok ? response.json().catch(function () { return null; }) : null;
        })
        .then(function (result) {
          if (inFlight === sent) { inFlight = null; }
          if (result && result.saved) { done(sent); }
        })
        .catch(function () { if (inFlight === sent) { inFlight = null; } });
    } else {
      inFlight = null;
      if (leaving && navigator.sendBeacon &&
          navigator.sendBeacon(window.location.pathname, body())) { done(sent); }
    }
  }

  function save() { send(false); }
  function flush() { send(true); }

  function later(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  form.addEventListener("input", function (event) {
    var type = (event.target.type || "").toLowerCase();
    later(type === "radio" || type === "checkbox" || event.target.tagName === "SELECT"
      ? CHANGE_DELAY : TYPING_DELAY);
  });
  form.addEventListener("change", function () { later(CHANGE_DELAY); });
  form.addEventListener("focusout", function () { if (timer) { later(CHANGE_DELAY); } });
  // Every button of the page posts the whole form, which saves it: no background save then.
  form.addEventListener("submit", function () {
    submitting = true;
    window.clearTimeout(timer);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flush(); }
  });
  window.addEventListener("pagehide", flush);
  // Before the "leave this page?" question: if the user leaves, the draft is on its way.
  window.addEventListener("beforeunload", flush);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { submitting = false; }
  });
})();
