// The signed-out page's only script (OIDC Front-Channel Logout 1.0 §4): once every RP's logout
// page has loaded in its hidden frame (the window's load event waits for the frames), or after
// 5 seconds at most, the browser goes on to the verified post_logout_redirect_uri. Without this
// script the page keeps its "Continue to …" link.
(function () {
  'use strict';

  var link = document.querySelector('a[data-after-frames]');
  if (!link) return;
  var gone = false;
  function go() {
    if (gone) return;
    gone = true;
    window.location.replace(link.href);
  }
  window.addEventListener('load', go);
  window.setTimeout(go, 5000);
})();
