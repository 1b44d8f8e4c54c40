// The comment section, enhanced. Every control here is a plain link or form that works without
// JavaScript; with it, this script does the same in place through the JSON API (/api/v1/), as
// the page's reader (their session with its CSRF token, or their guest cookie): posting and
// replying, voting, sorting, "Inline Feedbacks" and "View all comments". Comments are drawn by
// render.js in the page's own markup. Closing the prompt only sets the cookie the server reads.
// Comments others post, edit, delete and vote on arrive while the page is open (live.js).
(function () {
  "use strict";
  var section = document.querySelector("[data-discussion]");
  var config = document.getElementById("discussion-renderer");
  if (!section || !config || !window.fetch || !window.TribuneComments || !window.TribuneApi) return;

  var render = window.TribuneComments.create(JSON.parse(config.textContent));
  var list = section.querySelector("[data-comment-list]");
  var form = section.querySelector("[data-comment-form]");
  var count = section.querySelector("[data-count]");
  var open = section.getAttribute("data-open") === "true";
  var apiRoot = section.getAttribute("data-api");

  function threadId() {
    return section.getAttribute("data-thread");
  }

  // {% csrf_token %}'s field: cached pages carry each reader's own token there (newsroom.cache).
  function csrfToken() {
    var field = section.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // Ask the API (api.js): its JSON answer, or an Error with its message and `status`.
  function api(path, method, body) {
    return window.TribuneApi.request(apiRoot + path, method, body, csrfToken());
  }

  function readerStates() {
    return api("threads/" + threadId() + "/mine").then(render.states);
  }

  function draw(comment, state) {
    return render.comment(comment, { state: state, open: open, csrfToken: csrfToken() });
  }

  function part(name) {
    return list.querySelector(name);
  }

  // Live updates, once the thread exists (the first comment makes it) and the site serves them.
  var live = null;
  function attachLive() {
    var address = section.getAttribute("data-live");
    if (live || !threadId() || !address || !window.TribuneLive) return;
    live = window.TribuneLive.attach(section, {
      threadId: threadId(),
      render: render,
      list: part("[data-comments]"),
      live: new URL(address, location.href).href,
      apiBase: new URL(apiRoot, location.href).href,
      version: section.getAttribute("data-version"),
      root: document,
      section: section,
      open: open,
      draw: function (comment, state) { return draw(comment, state); },
    });
  }

  // Sorting, "Inline Feedbacks" and "View all comments": the list in the order and filter asked
  // for, with what this reader may do with each comment.
  function loadList(query) {
    var asked = new URLSearchParams(query);
    var inline = asked.get("filter") === "inline";
    var all = asked.get("comments") === "all";
    var sort = asked.get("sort") || "newest";
    var path = "threads/" + threadId() + "/comments" + (all ? "/all" : "") + "?sort=" + encodeURIComponent(sort) +
      (inline ? "&inline=true" : "") + (all ? "" : "&page_size=" + section.getAttribute("data-page-size"));
    return Promise.all([api(path), readerStates()]).then(function (answers) {
      var page = answers[0];
      var states = answers[1];
      var comments = part("[data-comments]");
      comments.textContent = "";
      page.comments.forEach(function (comment) { comments.appendChild(draw(comment, states[comment.id])); });
      var some = page.comments.length > 0;
      var topLevel = page.comments.filter(function (comment) { return comment.parent_id === null; }).length;
      comments.hidden = !some;
      part("[data-sorts]").hidden = !(some || inline || page.thread.comment_count);
      part('[data-empty="inline"]').hidden = !(inline && !some);
      part('[data-empty="all"]').hidden = some || inline || page.thread.comment_count > 0;
      part("[data-more]").hidden = all || topLevel >= page.top_level_total;
      part("[data-view-all]").setAttribute("href", "?sort=" + page.sort + (inline ? "&filter=inline" : "") + "&comments=all#comments");
      list.querySelectorAll("[data-sort]").forEach(function (link) {
        var key = link.getAttribute("data-sort");
        if (inline ? key === "inline" : key === page.sort) link.setAttribute("aria-current", "true");
        else link.removeAttribute("aria-current");
        if (key === "inline") link.setAttribute("href", "?sort=" + page.sort + "&filter=inline#comments");
      });
      history.replaceState(null, "", query + "#comments");
    });
  }

  list.addEventListener("click", function (event) {
    var link = event.target.closest("[data-sort], [data-view-all]");
    if (!link || !threadId()) return;
    event.preventDefault();
    loadList(new URL(link.href, location.href).search).catch(function () { location.href = link.href; });
  });

  // Replying: the one comment form moves under the comment being answered.
  function setReply(link) {
    var parentInput = form.querySelector("[data-parent]");
    var replying = form.querySelector("[data-replying]");
    if (!link) {
      parentInput.value = "";
      replying.hidden = true;
      section.insertBefore(form, list);
      return;
    }
    parentInput.value = link.getAttribute("data-reply");
    replying.querySelector("[data-replying-text]").textContent =
      form.getAttribute("data-replying-label").replace("%s", link.getAttribute("data-reply-name"));
    replying.hidden = false;
    link.closest("[data-comment]").appendChild(form);
    form.querySelector("textarea").focus();
  }

  // On the whole page: a passage's answers (inline.js) are drawn inside the article.
  document.addEventListener("click", function (event) {
    if (!form) return;
    var reply = event.target.closest("[data-reply]");
    if (reply && reply.closest("[data-comment]")) {
      event.preventDefault();
      setReply(reply);
    } else if (event.target.closest("[data-reply-cancel]")) {
      event.preventDefault();
      setReply(null);
    }
  });

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

  // What became of a post, said beside the button that sent it (where the reader is looking),
  // in one status line that screen readers announce when it changes.
  function showNotice(message) {
    var button = form.querySelector("button[type=submit]:not([formaction])");
    var notice = form.querySelector("[data-form-notice]");
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "message message--info";
      notice.setAttribute("role", "status");
      notice.setAttribute("data-form-notice", "");
      button.after(notice);
    }
    notice.textContent = message;
    notice.hidden = !message;
  }

  function value(selector) {
    var field = form.querySelector(selector);
    return field ? field.value : "";
  }

  // The form's fields as the API takes them (CommentCreateIn).
  function payload() {
    var data = { body: value("[name=body]") };
    // Guests only: a signed-in reader's form has neither.
    if (form.querySelector("[name=name]")) data.name = value("[name=name]");
    if (form.querySelector("[name=email]")) data.email = value("[name=email]").trim();
    if (value("[data-parent]")) data.parent_id = Number(value("[data-parent]"));
    if (value('[data-anchor-field="id"]')) {
      data.anchor_id = Number(value('[data-anchor-field="id"]'));
    } else if (value('[data-anchor-field="exact"]')) {
      data.anchor = {
        exact: value('[data-anchor-field="exact"]'), prefix: value('[data-anchor-field="prefix"]'),
        suffix: value('[data-anchor-field="suffix"]'), start: Number(value('[data-anchor-field="start"]')) || 0,
        end: Number(value('[data-anchor-field="end"]')) || 0,
      };
    }
    return data;
  }

  // What this browser remembers of its reader, in its own storage and never on the server (the
  // page may come from a cache every reader shares): the name and email a guest last posted
  // with, and the articles they have commented on (the prompt stays away from those).
  var remember = (function () {
    var key = "tribune.discussion.reader";
    function read() {
      try {
        var stored = JSON.parse(window.localStorage.getItem(key) || "{}");
        return stored && typeof stored === "object" ? stored : {};
      } catch (error) {
        return {};  // storage turned off, or a value this script did not write
      }
    }
    function write(stored) {
      try {
        window.localStorage.setItem(key, JSON.stringify(stored));
      } catch (error) {
        // Storage turned off or full: the reader types their name again next time.
      }
    }
    function field(name) {
      return form && form.querySelector("[name=" + name + "]");
    }
    return {
      // Fill the guest's name and email in again, where the page left them empty.
      fill: function () {
        var stored = read();
        ["name", "email"].forEach(function (name) {
          var input = field(name);
          if (input && !input.value && typeof stored[name] === "string") input.value = stored[name];
        });
      },
      posted: function () {
        var stored = read();
        ["name", "email"].forEach(function (name) {
          var input = field(name);
          if (input) stored[name] = input.value.trim();
        });
        var articles = Array.isArray(stored.commented) ? stored.commented : [];
        var article = section.getAttribute("data-article");
        if (article && articles.indexOf(article) === -1) articles.push(article);
        // The newest few hundred are enough to keep the prompt away from where they wrote.
        stored.commented = articles.slice(-500);
        write(stored);
      },
      commentedHere: function () {
        var stored = read();
        return Array.isArray(stored.commented) && stored.commented.indexOf(section.getAttribute("data-article")) !== -1;
      },
    };
  })();
  remember.fill();

  function depthOf(li) {
    var match = /comment--depth-(\d+)/.exec(li.className);
    return match ? Number(match[1]) : 0;
  }

  function insert(item, parentId) {
    var comments = part("[data-comments]");
    var parentLi = parentId && comments.querySelector('[data-comment="' + parentId + '"]');
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
    comments.hidden = false;
    part("[data-sorts]").hidden = false;
    part('[data-empty="all"]').hidden = true;
    part('[data-empty="inline"]').hidden = true;
  }

  function posted(data) {
    remember.posted();
    showNotice("");
    section.setAttribute("data-thread", data.comment.thread_id);
    showErrors([]);
    form.querySelector("textarea").value = "";
    if (count) count.textContent = render.count(data.comment_count);
    // Other parts of the form (the passage picker, "Notify me of") follow.
    form.dispatchEvent(new CustomEvent("tribune:posted", {
      detail: { threadId: data.comment.thread_id, comment: data.comment, held: data.held },
    }));
    setReply(null);
    attachLive();
    if (data.held) showNotice((render.text.held + " " + data.held_reason).trim());
    // A held comment shows to its author alone, marked as waiting for review, as after a reload.
    var item = draw(data.comment, data.held ? { mine: true } : undefined);
    insert(item, data.comment.parent_id);
    item.scrollIntoView({ block: "nearest" });
    item.setAttribute("tabindex", "-1");
    item.focus({ preventScroll: true });
    // The form, back in its place, tells why the comment is not public yet.
    if (data.held) form.querySelector("[data-form-notice]").scrollIntoView({ block: "nearest" });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      // A button with its own address ("Follow without commenting") submits as the page would.
      if (event.submitter && event.submitter.hasAttribute("formaction")) return;
      // So does a form whose hidden trap field a bot filled in: the server refuses it.
      if (value("[name=website]")) return;
      event.preventDefault();
      var button = form.querySelector("button[type=submit]:not([formaction])");
      var path = threadId() ? "threads/" + threadId() + "/comments"
        : "articles/" + section.getAttribute("data-article") + "/comments";
      button.disabled = true;
      api(path, "POST", payload())
        .then(posted, function (error) {
          // No answer at all: post the form the way it works without JavaScript.
          if (!error.status) form.submit();
          else showErrors([error.message]);
        })
        .finally(function () { button.disabled = false; });
    });
  }

  function alertNear(element, message) {
    var note = element.parentNode.querySelector(".vote__note") || document.createElement("span");
    note.className = "vote__note";
    note.setAttribute("role", "status");
    note.textContent = message;
    element.after(note);
  }

  // Voting, on the whole page (a passage's answers too): the counts change in place, in every copy
  // of the comment (a featured one too); pressing your own vote again withdraws it.
  document.addEventListener("submit", function (event) {
    var voteForm = event.target.closest("[data-vote]");
    if (!voteForm) return;
    var button = event.submitter;
    if (!button) return;
    event.preventDefault();
    var id = voteForm.getAttribute("data-vote");
    api("comments/" + id + "/vote", "POST", { value: Number(button.value) })
      .then(function (vote) {
        document.querySelectorAll('[data-vote="' + id + '"]').forEach(function (each) { render.votes(each, vote); });
      }, function (error) {
        if (error.status) {
          alertNear(voteForm, error.message);
          return;
        }
        // No answer at all: vote the way it works without JavaScript.
        var choice = document.createElement("input");
        choice.type = "hidden";
        choice.name = "value";
        choice.value = button.value;
        voteForm.appendChild(choice);
        voteForm.submit();
      });
  });

  // The prompt: closing it sets the cookie the server reads (it stays closed on the next pages),
  // and it leads to the form. It stays away from a reader who has commented on this article (as
  // this browser remembers) and while the form is on screen, where it has nothing to ask.
  var prompt = section.querySelector("[data-prompt]");
  if (prompt) {
    var closed = false;
    var commented = remember.commentedHere();
    var formShown = false;
    var showPrompt = function () {
      prompt.hidden = closed || commented || formShown;
    };
    showPrompt();
    prompt.querySelector("[data-prompt-close]").addEventListener("submit", function (event) {
      event.preventDefault();
      closed = true;
      showPrompt();
      document.cookie = section.getAttribute("data-prompt-cookie") + "=1; max-age=31536000; path=/; samesite=lax" +
        (location.protocol === "https:" ? "; secure" : "");
    });
    prompt.querySelector(".prompt__text").addEventListener("click", function () {
      var textarea = form && form.querySelector("textarea");
      if (textarea) setTimeout(function () { textarea.focus(); }, 0);
    });
    if (form) {
      form.addEventListener("tribune:posted", function () {
        commented = true;
        showPrompt();
      });
    }
    // It floats only while the whole section is still below the screen: once any of it shows,
    // the prompt rests at the section's end and covers neither the form nor the comments.
    if (window.IntersectionObserver) {
      new IntersectionObserver(function (entries) {
        var entry = entries[entries.length - 1];
        prompt.classList.toggle("prompt--floating", !entry.isIntersecting && entry.boundingClientRect.top > 0);
      }).observe(section);
      if (form) {
        new IntersectionObserver(function (entries) {
          formShown = entries[entries.length - 1].isIntersecting;
          showPrompt();
        }).observe(form);
      }
    }
  }

  attachLive();
  // Every handler is bound: tests and other scripts wait for this mark, not for a quiet network.
  section.setAttribute("data-enhanced", "");
})();
