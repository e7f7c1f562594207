// "Use a passkey" on the second-factor page (docs/second-factors.md, "Passkeys"): the browser
// answers the page's challenge with one of the account's passkeys and posts the answer with the
// form's fields (CSRF token and method). Without WebAuthn the button stays hidden.
(function () {
  'use strict';

  var webauthn = window.SimpleWebAuthnBrowser;
  var form = document.getElementById('passkey-second-factor');
  if (!form || !webauthn || !webauthn.browserSupportsWebAuthn()) return;
  form.hidden = false;

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var optionsJSON = JSON.parse(form.getAttribute('data-options'));
    webauthn.startAuthentication({ optionsJSON: optionsJSON }).then(
      function (answer) {
        form.elements.passkey.value = JSON.stringify(answer);
        form.submit();
      },
      function () {
        // Cancelled or timed out: the page stays, to try again or use another method.
      },
    );
  });
})();
