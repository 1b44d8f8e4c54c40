// "Follow without commenting" on Tribune's pages, in place: the button sends the choices of
// "Notify me of" to the API (POST /api/v1/threads/{id}/subscriptions, or
// /articles/{id}/subscriptions before the discussion has a thread), says what happened in the
// status line inside "Notify me of", and gives way to what the reader has now: a discussion they
// follow (a signed-in reader gets where to manage or stop it) or one waiting for the link a guest
// was sent. The same state shows once a comment's choices are sent (notify.js's
// "tribune:subscribed"). Without JavaScript the button posts the form to the follow page, which
// comes back here saying the same (notifications.views). The embedded widget has no such button.
(function () {
  "use strict";
  var part = document.querySelector("[data-notify]");
  var form = part && part.closest("[data-comment-form]");
  if (!form || !window.fetch) return;
  var section = document.querySelector("[data-discussion]");

  function say(message, error) {
    var notice = part.querySelector("[data-notify-said]");
    notice.className = "notify__said message " + (error ? "message--error" : "message--success");
    notice.textContent = message;
  }

  // The follow button gives way to the state; with `focus` (the button was used), focus moves
  // there from the button it replaces.
  function showFollowing(pending, focus) {
    var follow = part.querySelector("[data-notify-follow]");
    var shown = part.querySelector("[data-notify-following]");
    if (!shown) {
      shown = document.createElement("p");
      shown.className = "notify__following";
      shown.setAttribute("data-notify-following", "");
      shown.setAttribute("tabindex", "-1");
      if (follow) follow.after(shown);
      else part.querySelector(".notify__row").appendChild(shown);
    }
    shown.classList.toggle("notify__following--pending", Boolean(pending));
    shown.textContent = part.getAttribute(pending ? "data-waiting-label" : "data-following-label");
    var manage = part.querySelector("[data-notify-manage]");
    if (manage && !pending) {
      var link = document.createElement("a");
      link.href = manage.getAttribute("href");
      link.textContent = part.getAttribute("data-manage-label");
      shown.append(" · ", link);
    }
    if (follow) follow.remove();
    if (focus) shown.focus();
  }

  function token() {
    var field = form.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function send(body) {
    var threadId = section && section.getAttribute("data-thread");
    var address = threadId ? part.getAttribute("data-subscribe-url").replace("/0/", "/" + threadId + "/")
      : part.getAttribute("data-follow-url");
    // api.js comes later in the page (the section's scripts): read at the time of sending.
    return window.TribuneApi.request(address, "POST", body, token());
  }

  form.addEventListener("tribune:subscribed", function (event) {
    showFollowing(event.detail.pending);
  });

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-notify-follow") || !part.hasAttribute("data-follow-url")) return;
    event.preventDefault();
    var kinds = Array.prototype.slice.call(part.querySelectorAll("[name=notify]:checked")).map(function (box) { return box.value; });
    var email = form.querySelector("[name=email]");
    button.disabled = true;
    send({ kinds: kinds, cadence: part.querySelector("[name=notify_cadence]").value, email: email ? email.value.trim() : "" })
      .then(function (data) {
        // The section has a thread now: the next follow or comment goes to it.
        if (section) section.setAttribute("data-thread", data.thread_id);
        say(part.getAttribute(data.pending ? "data-pending-label" : "data-done-label"), false);
        showFollowing(data.pending, true);
      }, function (error) {
        button.disabled = false;
        if (!error.status) {
          // No answer at all: post the form the way it works without JavaScript.
          form.action = button.getAttribute("formaction");
          form.submit();
          return;
        }
        say(error.message, true);
        button.focus();
      });
  });
})();
