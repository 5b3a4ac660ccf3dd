// Asks before leaving a page whose form holds changes that are not saved yet.
// Opt-in per form: <form data-warn-unsaved>. A form the server re-renders with values it did
// not save (a refused submission) says so with data-warn-unsaved="unsaved".
// The form is compared with what the page was served with (or last saved in the background:
// scripts call window.copkitUnsaved.saved(form, state)), so undoing a change clears the warning,
// and the warning never fires once the form is being submitted.
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-warn-unsaved]"));

  // The values of a form as one string; `served` reads the values the HTML came with.
  function state(form, served) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") { return; }
      var type = (el.type || "").toLowerCase();
      if (type === "submit" || type === "button" || type === "reset" || type === "image") { return; }
      if (type === "checkbox" || type === "radio") {
        if (served ? el.defaultChecked : el.checked) { parts.push(el.name + "=" + el.value); }
      } else if (el.tagName === "SELECT") {
        var options = Array.prototype.slice.call(el.options);
        var chosen = options.filter(function (option) {
          return served ? option.defaultSelected : option.selected;
        });
        if (served && !chosen.length && !el.multiple && el.size <= 1) {
          // Without a `selected` option, a drop-down shows (and sends) its first enabled one.
          chosen = options.filter(function (option) { return !option.disabled; }).slice(0, 1);
        }
        chosen.forEach(function (option) { parts.push(el.name + "=" + option.value); });
      } else if (type === "file") {
        parts.push(el.name + "=" + (served ? "" : Array.prototype.map.call(el.files, function (f) { return f.name; }).join(",")));
      } else {
        parts.push(el.name + "=" + (served ? el.defaultValue : el.value));
      }
    });
    return parts.join("&");
  }

  function track(form) {
    form.copkitSaved = form.dataset.warnUnsaved === "unsaved" ? null : state(form, true);
    form.copkitSubmitting = false;
  }

  function isDirty(form) {
    return !form.copkitSubmitting && state(form, false) !== form.copkitSaved;
  }

  window.copkitUnsaved = {
    state: function (form) { return state(form, false); },
    // A background save stored `savedState` (the value of state(form) it sent).
    saved: function (form, savedState) {
      if (forms.indexOf(form) !== -1) { form.copkitSaved = savedState; }
    },
    isDirty: function (form) { return forms.indexOf(form) !== -1 && isDirty(form); }
  };

  if (!forms.length) { return; }
  forms.forEach(function (form) {
    track(form);
    form.addEventListener("submit", function (event) {
      // A submission another script cancels keeps the warning.
      window.setTimeout(function () { form.copkitSubmitting = !event.defaultPrevented; }, 0);
      form.copkitSubmitting = true;
    });
  });
  window.addEventListener("pageshow", function (event) {
    // Back from the page the form was submitted to: what it shows was saved.
    if (event.persisted) {
      forms.forEach(function (form) {
        if (form.copkitSubmitting) { form.copkitSaved = state(form, false); }
        form.copkitSubmitting = false;
      });
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (!forms.some(isDirty)) { return undefined; }
    event.preventDefault();
    event.returnValue = "";  // older browsers need a value to show their dialog
    return "";
  });
})();
