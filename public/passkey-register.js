// "Add a passkey" (docs/second-factors.md, "Passkeys"), in two pages. On Sign-in methods, the
// form that asks for the current password (or a code) is shown only where WebAuthn works. Its
// answer, once the proof is right, is a page carrying the options (a challenge from this server,
// the account, the passkeys it has already): there the browser makes the passkey and posts it;
// the server checks and stores it. Without this script, or without WebAuthn, the pages say
// passkeys cannot be added here.
(function () {
  'use strict';

  var webauthn = window.SimpleWebAuthnBrowser;
  if (!webauthn || !webauthn.browserSupportsWebAuthn()) return;
  var unsupported = document.getElementById('passkey-unsupported');
  if (unsupported) unsupported.hidden = true;
  var start = document.getElementById('passkey-add-start');
  if (start) start.hidden = false;
  var form = document.getElementById('passkey-add');
  if (!form) return;
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
