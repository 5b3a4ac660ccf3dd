// Saves a questionnaire draft in the background every 20 s when something changed, so a closed
// tab or a lost connection costs at most a few seconds of typing. Works without it too.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire-form");
  if (!form || !window.fetch) { return; }
  var status = document.getElementById("autosave-status");
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  function save() {
    if (!dirty) { return; }
    dirty = false;
    var data = new FormData(form);
    data.set("_action", "autosave");
    fetch(window.location.pathname, { method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (response.ok && status) {
          var now = new Date();
          status.textContent = form.dataset.autosave + " " +
            now.toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
        } else { dirty = true; }
      })
      .catch(function () { dirty = true; });
  }
  window.setInterval(save, 20000);
})();
