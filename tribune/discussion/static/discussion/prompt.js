// The "please comment" prompt: closing it stays closed for this reader. Without JavaScript the
// close button posts a form that sets the same cookie; with it, the prompt closes in place.
(function () {
  "use strict";
  var prompt = document.querySelector("[data-prompt]");
  if (!prompt) return;
  var form = prompt.querySelector("[data-prompt-close]");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    prompt.hidden = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
    var target = document.getElementById("id_body");
    if (target && document.activeElement === document.body) target.focus({ preventScroll: true });
  });
})();
