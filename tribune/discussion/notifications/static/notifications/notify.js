// "Notify me of" beside the comment section's script: once section.js has posted a comment in
// place (its "tribune:posted" event), the choices made beside it go to the API,
// POST /api/v1/threads/{id}/subscriptions, as the form's post does without JavaScript.
(function () {
  "use strict";
  var part = document.querySelector("[data-notify]");
  var form = part && part.closest("[data-comment-form]");
  if (!form || !window.fetch) return;
  var email = form.querySelector("[name=email]");
  var boxes = Array.prototype.slice.call(part.querySelectorAll("[name=notify]"));

  function kinds() {
    return boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
  }

  // A guest who asks for emails gives an address, before the comment is sent (the server's rule
  // for the form without JavaScript).
  function check() {
    if (!email) return;
    var missing = kinds().length > 0 && !email.value.trim();
    email.setCustomValidity(missing ? part.getAttribute("data-email-required") : "");
  }
  boxes.forEach(function (box) { box.addEventListener("change", check); });
  if (email) email.addEventListener("input", check);

  function say(message, error) {
    var notice = document.createElement("p");
    notice.className = "message " + (error ? "message--error" : "message--info");
    notice.setAttribute("role", "status");
    notice.textContent = message;
    form.before(notice);
  }

  form.addEventListener("tribune:posted", function (event) {
    var chosen = kinds();
    if (!chosen.length) return;
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    var url = part.getAttribute("data-subscribe-url").replace("/0/", "/" + event.detail.threadId + "/");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
      body: JSON.stringify({
        kinds: chosen, cadence: part.querySelector("[name=notify_cadence]").value,
        email: email ? email.value.trim() : "",
      }),
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) say(data.message, true);
        else say(part.getAttribute(data.pending ? "data-pending-label" : "data-done-label"), false);
      });
    });
  });
})();
