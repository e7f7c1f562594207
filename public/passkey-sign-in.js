// The login page's passkey sign-in (docs/second-factors.md, "Passkeys"). Where the browser can
// use passkeys it shows "Continue with a passkey" and offers them in the username field's
// autofill too (conditional mediation). Either way it answers a challenge fetched from this
// server and posts the answer with the page's own form fields (CSRF token included); the
// server checks it and the sign-in goes on as after a password. Without this script, or
// without WebAuthn, the page is the password form alone.
(function () {
  'use strict';

  var webauthn = window.SimpleWebAuthnBrowser;
  var form = document.getElementById('passkey-sign-in');
  if (!form || !webauthn || !webauthn.browserSupportsWebAuthn()) return;

  function options() {
    return window
      .fetch(form.getAttribute('data-options'), { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error('no passkey options');
        return response.json();
      });
  }

  function post(answer) {
    form.elements.passkey.value = JSON.stringify(answer);
    form.submit();
  }

  // Cancelled, timed out, or replaced by the other way (a new request aborts the pending one):
  // the page stays as it is, and the user may try again or use the password.
  function ignore() {}

  form.hidden = false;
  document.querySelectorAll('[data-passkey-only]').forEach(function (el) {
    el.hidden = false;
  });
  form.querySelector('button').addEventListener('click', function () {
    options()
      .then(function (optionsJSON) {
        return webauthn.startAuthentication({ optionsJSON: optionsJSON });
      })
      .then(post, ignore);
  });
  webauthn
    .browserSupportsWebAuthnAutofill()
    .then(function (supported) {
      if (!supported) return;
      return options()
        .then(function (optionsJSON) {
          return webauthn.startAuthentication({ optionsJSON: optionsJSON, useBrowserAutofill: true });
        })
        .then(post);
    })
    .catch(ignore);
})();
