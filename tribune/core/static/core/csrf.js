// Pages kept by a shared cache (a CDN, a caching proxy) are the same for every reader, so their
// forms carry no reader's CSRF token. Fetch this reader's own token (it also sets the CSRF
// cookie) once, when they first touch a form, and put it in every form before one is sent.
(function () {
  "use strict";
  var SELECTOR = 'input[name="csrfmiddlewaretoken"]';
  var ready = null;

  function fill() {
    if (!ready) {
      ready = fetch("/csrf-token", { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          document.querySelectorAll(SELECTOR).forEach(function (field) { field.value = data.token; });
          return data.token;
        })
        .catch(function (error) { ready = null; throw error; });
    }
    return ready;
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.form && event.target.form.querySelector(SELECTOR)) { fill(); }
  });
  // A form sent before the token came: hold it, fill every field (new forms included), send it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var field = form.querySelector(SELECTOR);
    if (!field || form.dataset.csrfFilled === "yes") { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    fill().then(function (token) {
      form.querySelectorAll(SELECTOR).forEach(function (input) { input.value = token; });
      form.dataset.csrfFilled = "yes";
      if (form.requestSubmit) { form.requestSubmit(event.submitter || undefined); } else { form.submit(); }
    });
  }, true);
})();
