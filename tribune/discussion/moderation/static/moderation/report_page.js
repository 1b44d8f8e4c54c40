// "Report" on Tribune's pages: the comment's Report link opens the report form (the comment
// section carries it in <template data-part="report">, see comments.widget) under the comment,
// and the form goes to POST /api/v1/comments/{id}/report. Once it is sent, the Report link is
// "Reported" and the thanks are said under the comment, announced, where the reader is. Without
// JavaScript the link leads to the report page, which comes back to the comment saying the same
// (moderation.views). report.js does this in the embedded widget.
(function () {
  "use strict";
  var section = document.querySelector("[data-discussion]");
  var template = section && section.querySelector('template[data-part="report"]');
  if (!template || !window.fetch || !window.TribuneApi) return;
  var apiRoot = section.getAttribute("data-api");

  function token() {
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function send(id, body) {
    return window.TribuneApi.request(apiRoot + "comments/" + id + "/report", "POST", body, token());
  }

  // The comment's own part: a reply drawn under it is a comment of its own.
  function actions(item) {
    return item.querySelector(":scope > article > .comment__actions");
  }

  // Said under the comment's actions, in one status line that screen readers announce.
  function say(item, message) {
    var notice = item.querySelector(":scope > article > [data-comment-said]");
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "message message--success comment__said";
      notice.setAttribute("role", "status");
      notice.setAttribute("data-comment-said", "");
      actions(item).after(notice);
    }
    notice.textContent = message;
  }

  // The Report link becomes "Reported", which keeps the focus the form had.
  function showReported(item, label) {
    var link = actions(item).querySelector("[data-report]");
    var done = document.createElement("button");
    done.type = "button";
    done.className = "comment__action comment__action--done";
    done.setAttribute("aria-disabled", "true");
    done.setAttribute("data-reported", "");
    done.textContent = label;
    if (link) link.replaceWith(done);
    else actions(item).appendChild(done);
    done.focus();
  }

  function close(item, box) {
    box.remove();
    var link = actions(item).querySelector("[data-report]");
    if (link) {
      link.setAttribute("aria-expanded", "false");
      link.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-report]");
    var cancel = event.target.closest('[data-panel-kind="report"] [data-panel-close]');
    if (cancel) {
      var form = cancel.closest('[data-panel-kind="report"]');
      close(form.closest("[data-comment]"), form);
      return;
    }
    var item = link && link.closest("[data-comment]");
    if (!item || !actions(item)) return;
    event.preventDefault();
    var box = item.querySelector(':scope > article > [data-panel-kind="report"]');
    if (!box) {
      box = template.content.firstElementChild.cloneNode(true);
      // Each open form names its own fields.
      var note = box.querySelector("[name=note]");
      var label = box.querySelector('label[for="report-note"]');
      if (note && label) {
        note.id = label.htmlFor = "report-note-" + item.getAttribute("data-comment");
      }
      actions(item).after(box);
    }
    link.setAttribute("aria-expanded", "true");
    box.querySelector("[name=reason]").focus();
  });

  document.addEventListener("submit", function (event) {
    var box = event.target.closest('[data-panel-kind="report"]');
    if (!box) return;
    event.preventDefault();
    var item = box.closest("[data-comment]");
    var id = item.getAttribute("data-comment");
    var chosen = box.querySelector("[name=reason]:checked");
    var button = box.querySelector("button[type=submit]");
    button.disabled = true;
    send(id, { reason: chosen ? chosen.value : "", note: box.querySelector("[name=note]").value })
      .then(function () {
        box.remove();
        showReported(item, box.getAttribute("data-reported-label"));
        say(item, box.getAttribute("data-done"));
      }, function (error) {
        button.disabled = false;
        if (error.status === 409) {
          // Reported before (another tab): the same state, with the server's words.
          box.remove();
          showReported(item, box.getAttribute("data-reported-label"));
          say(item, error.message);
          return;
        }
        if (!error.status) {
          // No answer at all: the report page, as without JavaScript.
          location.href = actions(item).querySelector("[data-report]").href;
          return;
        }
        var errors = box.querySelector("[data-form-errors]");
        errors.textContent = error.message;
        errors.hidden = false;
        errors.setAttribute("tabindex", "-1");
        errors.focus();
      });
  });
})();
