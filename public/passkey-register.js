// "Add a passkey" on the Sign-in methods page (docs/second-factors.md, "Passkeys"): the browser
// makes a passkey for the options the page carries (a challenge from this server, the account,
// the passkeys it has already) and posts it with the form; the server checks and stores it.
// Without this script, or without WebAuthn, the page says passkeys cannot be added here.
(function () {
  'use strict';

  var webauthn = window.SimpleWebAuthnBrowser;
  var form = document.getElementById('passkey-add');
  if (!form || !webauthn || !webauthn.browserSupportsWebAuthn()) return;
  var unsupported = document.getElementById('passkey-unsupported');
  if (unsupported) unsupported.hidden = true;
  form.hidden = false;

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var optionsJSON = JSON.parse(form.getAttribute('data-options'));
    webauthn.startRegistration({ optionsJSON: optionsJSON }).then(
      function (answer) {
        form.elements.passkey.value = JSON.stringify(answer);
        form.submit();
      },
      function () {
        // Cancelled, or this authenticator holds a passkey of the account already: nothing changes.
        var status = document.getElementById('passkey-add-status');
        if (status) status.hidden = false;
      },
    );
  });
})();
