// The admin console's only script (served from this origin; the console's CSP allows no other).
// Copy buttons: <button data-copy="ID"> copies the value of the readonly input #ID. Without this
// script the buttons stay hidden and the input, selected on focus, is copied by hand.
(function () {
  'use strict';

  function status(id, text) {
    var el = document.querySelector('[data-copy-status="' + id + '"]');
    if (el) el.textContent = text;
  }

  function copyByHand(input) {
    input.focus();
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-copy]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var id = button.getAttribute('data-copy');
        var input = document.getElementById(id);
        if (!input) return;
        var done = function () {
          status(id, 'Copied to the clipboard.');
        };
        var fallback = function () {
          if (copyByHand(input)) done();
          else status(id, 'Selected: press Ctrl+C (⌘C on a Mac) to copy.');
        };
        if (navigator.clipboard && window.isSecureContext)
          navigator.clipboard.writeText(input.value).then(done, fallback);
        else fallback();
      });
    });
    document.querySelectorAll('[data-select-on-focus]').forEach(function (input) {
      input.addEventListener('focus', function () {
        input.select();
      });
    });
    // After a failed submission, move focus to the list of problems so it is read out first.
    var summary = document.querySelector('[data-focus-on-load]');
    if (summary) summary.focus();
  });
})();
