// "Notify me of" beside the comment form's script: once a comment is posted in place (the form's
// "tribune:posted" event, from section.js on Tribune's pages or from the embedded widget), the
// choices made beside it go to the API, POST /api/v1/threads/{id}/subscriptions, as the form's
// post does without JavaScript. On Tribune's pages `this` is the window and it attaches to the
// page's form; in embed.js it is a part of the widget (notifications/apps.py registers it), which
// attaches it to each thread's form.
(function (scope) {
  "use strict";

  // `post(threadId, body)` resolves with the API's answer or rejects with an Error.
  function attach(root, post) {
    var part = root.querySelector("[data-notify]");
    var form = part && part.closest("[data-comment-form]");
    if (!form) return;
    var email = form.querySelector("[name=email]");
    var boxes = Array.prototype.slice.call(part.querySelectorAll("[name=notify]"));

    function kinds() {
      return boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
    }

    // A guest who asks for emails gives an address, before the comment is sent (the server's rule
    // for the form without JavaScript).
    function check() {
      if (email) email.setCustomValidity(kinds().length && !email.value.trim() ? part.getAttribute("data-email-required") : "");
    }
    boxes.forEach(function (box) { box.addEventListener("change", check); });
    if (email) email.addEventListener("input", check);

    // Said inside "Notify me of", beside the choices it is about, in one status line that
    // screen readers announce when it changes.
    function say(message, error) {
      var notice = part.querySelector("[data-notify-said]");
      if (!notice) {
        notice = document.createElement("p");
        notice.setAttribute("role", "status");
        notice.setAttribute("data-notify-said", "");
        var row = part.querySelector(".notify__row");
        if (row) row.after(notice);
        else part.appendChild(notice);
      }
      notice.className = "message " + (error ? "message--error" : "message--info");
      notice.textContent = message;
    }

    form.addEventListener("tribune:posted", function (event) {
      var chosen = kinds();
      if (!chosen.length) return;
      post(event.detail.threadId, {
        kinds: chosen, cadence: part.querySelector("[name=notify_cadence]").value,
        email: email ? email.value.trim() : "",
      }).then(function (data) {
        say(part.getAttribute(data.pending ? "data-pending-label" : "data-done-label"), false);
        // On Tribune's pages follow.js shows the reader following.
        form.dispatchEvent(new CustomEvent("tribune:subscribed", { detail: data }));
      }, function (error) {
        say(error.message, true);
      });
    });
  }

  if (scope !== window) {
    (scope.parts = scope.parts || []).push(function (root, tools) {
      attach(root, function (threadId, body) { return tools.call("threads/" + threadId + "/subscriptions", "POST", body); });
    });
    return;
  }
  if (!window.fetch) return;
  attach(document, function (threadId, body) {
    var part = document.querySelector("[data-notify]");
    var token = document.querySelector("[data-comment-form] [name=csrfmiddlewaretoken]");
    return fetch(part.getAttribute("data-subscribe-url").replace("/0/", "/" + threadId + "/"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.message);
        return data;
      });
    });
  });
})(this);
