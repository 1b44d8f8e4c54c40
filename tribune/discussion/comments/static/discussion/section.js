// The comment section, enhanced. Every control here is a plain link or form that works without
// JavaScript; this script sends the same requests with fetch and puts the server's markup in place:
// posting and replying, voting, sorting, "View all comments" and closing the prompt.
(function () {
  "use strict";
  var section = document.querySelector("[data-discussion]");
  if (!section || !window.fetch) return;

  var list = section.querySelector("[data-comment-list]");
  var form = section.querySelector("[data-comment-form]");
  var count = section.querySelector("[data-count]");
  var listUrl = section.getAttribute("data-list-url");

  function send(url, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = { "X-Requested-With": "fetch" };
    return fetch(url, options);
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function showErrors(errors) {
    var box = form.querySelector("[data-form-errors]");
    box.textContent = "";
    errors.forEach(function (message) {
      var p = document.createElement("p");
      p.textContent = message;
      box.appendChild(p);
    });
    box.hidden = errors.length === 0;
    if (errors.length) {
      box.setAttribute("tabindex", "-1");
      box.focus();
    }
  }

  // Sorting and "View all comments": fetch the list in the new order and swap it in.
  function loadList(query, focusFirst) {
    return send(listUrl + query).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      list.innerHTML = html;
      history.replaceState(null, "", query + "#comments");
      if (focusFirst) {
        var current = list.querySelector("[aria-current]");
        if (current) current.focus();
      }
    });
  }

  list.addEventListener("click", function (event) {
    var sort = event.target.closest("[data-sort]");
    var all = event.target.closest("[data-view-all]");
    var link = sort || all;
    if (!link) return;
    event.preventDefault();
    var query = new URL(link.href, location.href).search;
    loadList(query, Boolean(sort)).catch(function () { location.href = link.href; });
  });

  // Replying: the one comment form moves under the comment being answered.
  function setReply(button) {
    var parentInput = form.querySelector("[data-parent]");
    var replying = form.querySelector("[data-replying]");
    if (!button) {
      parentInput.value = "";
      replying.hidden = true;
      section.insertBefore(form, list);
      return;
    }
    var li = button.closest("[data-comment]");
    parentInput.value = button.getAttribute("data-reply");
    replying.querySelector("[data-replying-text]").textContent =
      form.getAttribute("data-replying-label").replace("%s", button.getAttribute("data-reply-name"));
    replying.hidden = false;
    li.appendChild(form);
    form.querySelector("textarea").focus();
  }

  section.addEventListener("click", function (event) {
    var reply = event.target.closest("[data-reply]");
    if (reply && form) {
      event.preventDefault();
      setReply(reply);
      return;
    }
    if (event.target.closest("[data-reply-cancel]") && form) {
      event.preventDefault();
      setReply(null);
    }
  });

  // Posting: the new comment appears in place, in the same markup the page uses.
  if (form) {
    form.addEventListener("submit", function (event) {
      // A button with its own address ("Follow without commenting") submits as the page would.
      if (event.submitter && event.submitter.hasAttribute("formaction")) return;
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      send(form.action, { method: "POST", body: new FormData(form) })
        .then(function (response) {
          return response.json().then(function (data) { return { status: response.status, data: data }; });
        })
        .then(function (result) {
          var data = result.data;
          if (result.status !== 201) {
            showErrors(data.errors || []);
            return;
          }
          showErrors([]);
          (data.notices || []).forEach(showNotice);
          form.querySelector("textarea").value = "";
          // The form is empty again: other parts of the page (the passage picker) follow.
          form.dispatchEvent(new CustomEvent("tribune:posted"));
          if (count && data.count_label) count.textContent = data.count_label;
          if (data.held) {
            showNotice(data.message);
          } else {
            var item = fragment(data.html);
            var parentLi = data.parent && section.querySelector('[data-comment="' + data.parent + '"]');
            var comments = list.querySelector("[data-comments]");
            if (!comments) {
              return loadList(location.search || "?", false);
            }
            if (parentLi) {
              // After the parent's existing replies, which follow it with a deeper indent.
              var after = parentLi;
              var depth = depthOf(parentLi);
              while (after.nextElementSibling && depthOf(after.nextElementSibling) > depth) {
                after = after.nextElementSibling;
              }
              after.after(item);
            } else {
              comments.prepend(item);
            }
            setReply(null);
            item.scrollIntoView({ block: "nearest" });
            item.setAttribute("tabindex", "-1");
            item.focus({ preventScroll: true });
          }
        })
        .catch(function () { form.submit(); })
        .finally(function () { button.disabled = false; });
    });
  }

  function depthOf(li) {
    var match = /comment--depth-(\d+)/.exec(li.className);
    return match ? Number(match[1]) : 0;
  }

  function showNotice(message) {
    var notice = document.createElement("p");
    notice.className = "message message--info";
    notice.setAttribute("role", "status");
    notice.textContent = message;
    form.before(notice);
  }

  // Voting: the counts change in place; pressing your own vote again withdraws it.
  section.addEventListener("submit", function (event) {
    var voteForm = event.target.closest("[data-vote]");
    if (!voteForm) return;
    event.preventDefault();
    var button = event.submitter;
    var body = new FormData(voteForm);
    body.set("value", button.value);
    send(voteForm.action, { method: "POST", body: body })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (!result.ok) {
          alertNear(voteForm, (result.data.errors || []).join(" "));
          return;
        }
        var data = result.data;
        var up = voteForm.querySelector(".vote__button--up");
        var down = voteForm.querySelector(".vote__button--down");
        up.querySelector("[data-upvotes]").textContent = data.upvotes;
        down.querySelector("[data-downvotes]").textContent = data.downvotes;
        up.setAttribute("aria-pressed", String(data.my_vote === 1));
        down.setAttribute("aria-pressed", String(data.my_vote === -1));
        up.value = data.my_vote === 1 ? "0" : "1";
        down.value = data.my_vote === -1 ? "0" : "-1";
      })
      .catch(function () { voteForm.submit(); });
  });

  function alertNear(element, message) {
    var note = element.parentNode.querySelector(".vote__note") || document.createElement("span");
    note.className = "vote__note";
    note.setAttribute("role", "status");
    note.textContent = message;
    element.after(note);
  }

  // The prompt: closing it stays closed (the server sets a cookie), and it leads to the form.
  var prompt = section.querySelector("[data-prompt]");
  if (prompt) {
    var close = prompt.querySelector("[data-prompt-close]");
    close.addEventListener("submit", function (event) {
      event.preventDefault();
      prompt.hidden = true;
      send(close.action, { method: "POST", body: new FormData(close) });
    });
    prompt.querySelector(".prompt__text").addEventListener("click", function () {
      var textarea = form && form.querySelector("textarea");
      if (textarea) setTimeout(function () { textarea.focus(); }, 0);
    });
    // It floats only while the whole section is still below the screen: once any of it shows,
    // the prompt rests at the section's end and covers neither the form nor the comments.
    if (window.IntersectionObserver) {
      new IntersectionObserver(function (entries) {
        var entry = entries[entries.length - 1];
        prompt.classList.toggle("prompt--floating", !entry.isIntersecting && entry.boundingClientRect.top > 0);
      }).observe(section);
    }
  }

  // Every handler is bound: tests and other scripts wait for this mark, not for a quiet network.
  section.setAttribute("data-enhanced", "");
})();
