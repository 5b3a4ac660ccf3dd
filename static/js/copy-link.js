// Copy buttons for links shown in read-only fields (templates/includes/copy_link.html).
// Without JavaScript the button stays hidden and the field stays selectable; with it, the button
// copies the field and a polite live region says so (WCAG 4.1.3).
(function () {
  "use strict";

  function announce(status, text) {
    // Emptied first so that the same message is read again after a second click.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function fallbackCopy(input) {
    input.focus();
    input.select();
    try {
      return document.execCommand("copy");
    } catch (err) {
      return false;
    }
  }

  function copy(button) {
    var input = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copy + "-status");
    if (!input || !status) return;
    var done = function () {
      announce(status, status.dataset.copied);
      button.classList.add("copied");
    };
    var failed = function () {
      if (fallbackCopy(input)) done(); else announce(status, status.dataset.failed);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, failed);
    } else {
      failed();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".copy-link-button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
    // A click in the field selects the whole link, ready to copy by hand.
    document.querySelectorAll(".copy-link-value").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
  });
})();
