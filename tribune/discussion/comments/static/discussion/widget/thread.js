// The embedded comment section: each <div data-tribune-thread> shows its page's thread inside a
// Shadow DOM root, in the native section's markup (the shell comments/widget.py renders from the
// section's own templates, comments drawn by render.js), with its own stylesheet. Everything
// goes through the JSON API: one GET for the comments and the reader's own state, then posting,
// replying, voting, sorting, "View all comments", editing and deleting in place. Other rooms add
// their part ("Notify me of", reporting) through `scope.parts`.
//
// Live: when the site has a live server (`scope.live`, comments/widget.py), the thread's Server-
// Sent Events (GET <live>threads/<id>?since=<version>: "change" events with the comments that
// changed and new vote counts, "resync" when too much did) redraw changed comments and votes in
// place, and hold new comments behind an "N new comments" button at the foot of the widget, so
// that nothing moves above the reader; screen readers hear the button's words, politely.
(function (scope) {
  "use strict";
  var api = scope.api;
  var sheet;

  function depthOf(item) {
    return item ? Number(/comment--depth-(\d+)/.exec(item.className)[1]) : -1;
  }

  function message(text, kind) {
    var note = document.createElement("p");
    note.className = "message message--" + (kind || "info");
    note.setAttribute("role", kind ? "alert" : "status");
    note.textContent = text;
    return note;
  }

  // Show `text` (or nothing) in a form's [data-form-errors] box, and lead the reader to it.
  function showError(box, text) {
    box.textContent = text || "";
    box.hidden = !text;
    box.tabIndex = -1;
    if (text) box.focus();
  }

  function focusOn(item) {
    item.tabIndex = -1;
    item.focus();
  }

  function start(host) {
    if (host.shadowRoot) return;
    var options = scope.options(host);
    // The server-rendered snapshot and the <noscript> guidance are for readers without this.
    host.replaceChildren();
    var root = host.attachShadow({ mode: "open" });
    // A constructed sheet: a host page's Content-Security-Policy may refuse a <style> element.
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(scope.css);
    }
    root.adoptedStyleSheets = [sheet];
    root.innerHTML = scope.shell;
    var render = scope.TribuneComments.create(scope.renderer);
    var section = root.firstElementChild;
    var list = part("[data-comment-list]");
    var form = part("[data-comment-form]");
    var count = part("[data-count]");
    var number = 0;
    var threadId = null;
    var open = true;
    var sort = "newest";
    var states = {};
    var sources = {};
    var version;
    var source;
    var waiting = {};
    var stale = 0;
    var news = part("[data-news]");

    function part(selector) {
      return section.querySelector(selector);
    }

    function address(name, id) {
      return scope.renderer.urls[name].replace("{id}", id);
    }

    function draw(comment) {
      return render.comment(comment, { state: states[comment.id], open: open });
    }

    function setCount(value) {
      number = Math.max(0, value);
      count.textContent = render.count(number);
    }

    function shown(some) {
      part("[data-comments]").hidden = part("[data-sorts]").hidden = !some;
      part('[data-empty="all"]').hidden = some;
    }

    // The page's thread in `wanted` order (every comment with `all`), with what this reader may
    // do with each: one request.
    function load(wanted, all) {
      return api.call("threads/by-url/comments?url=" + encodeURIComponent(options.url) + "&sort=" + wanted +
                      (all ? "&all=true" : "")).then(function (page) {
        var thread = page.thread;
        var comments = part("[data-comments]");
        threadId = thread && thread.id;
        version = thread && thread.version;
        waiting = {};
        stale = 0;
        tell();
        open = !thread || thread.is_open;
        sort = page.sort;
        states = render.states(page.mine);
        sources = page.mine.sources;
        form.hidden = !open;
        part("[data-closed]").hidden = open;
        setCount(thread ? thread.comment_count : 0);
        comments.replaceChildren.apply(comments, page.comments.map(draw));
        shown(page.comments.length > 0);
        part("[data-more]").hidden = all || page.comments.filter(function (comment) {
          return !comment.parent_id;
        }).length >= page.top_level_total;
        section.querySelectorAll("[data-sort]").forEach(function (link) {
          if (link.getAttribute("data-sort") === sort) link.setAttribute("aria-current", "true");
          else link.removeAttribute("aria-current");
        });
        return page;
      });
    }

    // Replying: the one comment form moves under the comment being answered.
    function setReply(link) {
      var replying = form.querySelector("[data-replying]");
      form.querySelector("[data-parent]").value = link ? link.getAttribute("data-reply") : "";
      replying.hidden = !link;
      if (!link) return list.before(form);
      replying.querySelector("[data-replying-text]").textContent =
        form.getAttribute("data-replying-label").replace("%s", link.getAttribute("data-reply-name"));
      link.closest("[data-comment]").appendChild(form);
      form.querySelector("textarea").focus();
    }

    function value(name) {
      var field = form.querySelector("[name=" + name + "]");
      return field ? field.value : "";
    }

    function post(event) {
      // A bot that filled in the hidden trap field gets nothing sent.
      if (value("website")) return;
      var data = { body: value("body"), name: value("name"), email: value("email").trim() };
      if (value("parent")) data.parent_id = Number(value("parent"));
      if (!threadId) {
        data.url = options.url;
        data.title = options.title;
      }
      var button = event.submitter;
      button.disabled = true;
      api.call(threadId ? "threads/" + threadId + "/comments" : "threads/by-url/comments", "POST", data).then(function (answer) {
        var comment = answer.comment;
        threadId = comment.thread_id;
        listen();
        showError(form.querySelector("[data-form-errors]"));
        form.querySelector("textarea").value = "";
        setCount(answer.comment_count);
        sources[comment.id] = data.body;
        form.dispatchEvent(new CustomEvent("tribune:posted", {
          detail: { threadId: threadId, comment: comment, held: answer.held },
        }));
        setReply(null);
        if (answer.held) return form.before(message((render.text.held + " " + answer.held_reason).trim()));
        states[comment.id] = comment.viewer;
        focusOn(place(comment, true));
        // The live stream may have told of it first.
        tell();
      }, function (error) {
        showError(form.querySelector("[data-form-errors]"), error.message);
      }).finally(function () { button.disabled = false; });
    }

    // Draw `comment` where it goes: a reply after the replies its parent already has (which follow
    // it indented deeper); else first when the newest come first, or `always`, else last.
    function place(comment, always) {
      var item = draw(comment);
      var list = part("[data-comments]");
      var after = comment.parent_id && part('[data-comment="' + comment.parent_id + '"]');
      var depth = depthOf(after);
      while (after && depthOf(after.nextElementSibling) > depth) after = after.nextElementSibling;
      if (after) after.after(item);
      else if (always || sort === "newest") list.prepend(item);
      else list.append(item);
      shown(true);
      return item;
    }

    function vote(voteForm, button) {
      var id = voteForm.getAttribute("data-vote");
      api.call("comments/" + id + "/vote", "POST", { value: Number(button.value) }).then(function (answer) {
        states[id] = Object.assign({}, states[id], { my_vote: answer.my_vote });
        render.votes(voteForm, answer);
      }, function (error) {
        var note = voteForm.parentNode.querySelector(".vote__note") || document.createElement("span");
        note.className = "vote__note";
        note.setAttribute("role", "status");
        note.textContent = error.message;
        voteForm.after(note);
      });
    }

    // A panel (the shell's <template data-part>) under a comment: editing, deleting, reporting.
    function panel(item, name) {
      closePanel(item);
      var box = root.querySelector('template[data-part="' + name + '"]').content.firstElementChild.cloneNode(true);
      var id = item.getAttribute("data-comment");
      box.setAttribute("data-panel", id);
      box.querySelectorAll("[id]").forEach(function (node) { node.id += id; });
      box.querySelectorAll("[for]").forEach(function (node) { node.htmlFor += id; });
      item.firstElementChild.appendChild(box);
      box.querySelector("textarea, input, button").focus();
      return box;
    }

    function closePanel(item) {
      var box = item.querySelector("[data-panel]");
      if (box) box.remove();
    }

    function alter(item, box, method, body) {
      var id = item.getAttribute("data-comment");
      var visible = !item.querySelector(".comment__badge--pending");
      api.call("comments/" + id, method, body).then(function (comment) {
        var fresh = draw(comment);
        if (body) {
          sources[id] = body.body;
          if (comment.held) fresh.firstElementChild.appendChild(message((render.text.held + " " + comment.held_reason).trim()));
        } else {
          if (visible) setCount(number - 1);
          // A deleted comment keeps its place only for the replies under it.
          if (depthOf(item.nextElementSibling) <= depthOf(item)) return item.remove();
        }
        item.replaceWith(fresh);
        focusOn(fresh);
      }, function (error) {
        showError(box.querySelector("[data-form-errors]"), error.message);
      });
    }

    // How many new comments wait (those held back, and those a "resync" or a full event only
    // counted), on the button and to screen readers.
    function tell() {
      var count = stale;
      for (var id in waiting) if (!part('[data-comment="' + id + '"]')) count += 1;
      var forms = scope.words.news;
      news.hidden = !count;
      news.firstElementChild.textContent = part("[data-said]").textContent = count
        ? (forms[new Intl.PluralRules(scope.renderer.locale).select(count)] || forms.other).replace("%(counter)s", count)
        : "";
    }

    function change(data) {
      version = data.version;
      setCount(data.comment_count);
      data.comments.forEach(function (comment) {
        var item = part('[data-comment="' + comment.id + '"]');
        // A comment being edited, answered or reported keeps what the reader is writing.
        if (item && !item.querySelector("[data-panel], [data-comment-form]")) item.replaceWith(draw(comment));
        // A new one waits if it has a place in what is shown: under its parent, or among the
        // newest, or at the end of the whole list.
        else if (!item && comment.status === "visible" && (comment.parent_id
          ? part('[data-comment="' + comment.parent_id + '"]') : sort === "newest" || part("[data-more]").hidden)) {
          waiting[comment.id] = comment;
        }
      });
      data.votes.forEach(function (row) {
        section.querySelectorAll('[data-vote="' + row[0] + '"]').forEach(function (voteForm) {
          render.votes(voteForm, { upvotes: row[1], downvotes: row[2], my_vote: (states[row[0]] || {}).my_vote });
        });
      });
      stale += data.more || 0;
      tell();
    }

    function listen() {
      if (source || !threadId || !scope.live || !window.EventSource) return;
      source = new EventSource(new URL(scope.live, api.site) + "threads/" + threadId +
                               (version == null ? "" : "?since=" + version));
      source.addEventListener("change", function (event) { change(JSON.parse(event.data)); });
      source.addEventListener("resync", function (event) {
        version = JSON.parse(event.data).version;
        stale = Math.max(1, JSON.parse(event.data).comment_count - number);
        tell();
      });
    }

    // "N new comments" pressed: show them where they go (all of them again when some were only
    // counted), the first one taking the focus.
    function reveal() {
      if (stale) return load(sort, part("[data-more]").hidden).then(function () { focusOn(part("[data-comments]")); });
      var first;
      Object.keys(waiting).forEach(function (id) {
        if (!part('[data-comment="' + id + '"]')) first = first || place(waiting[id]);
      });
      waiting = {};
      tell();
      if (first) focusOn(first);
    }

    root.addEventListener("click", function (event) {
      var link = event.target.closest("a, button");
      var item = link && link.closest("[data-comment]");
      var id = item && item.getAttribute("data-comment");
      var href = link && link.getAttribute("href");
      if (!link) return;
      if (link.hasAttribute("data-sort")) load(link.getAttribute("data-sort"));
      else if (link.hasAttribute("data-view-all")) load(sort, true);
      else if (link.hasAttribute("data-reply")) setReply(link);
      else if (link.hasAttribute("data-reply-cancel")) setReply(null);
      else if (link.parentNode === news) reveal();
      else if (link.hasAttribute("data-panel-close")) closePanel(item);
      else if (id && href === address("edit", id)) panel(item, "edit").querySelector("textarea").value = sources[id] || "";
      else if (id && href === address("delete", id)) panel(item, "delete");
      else if (link.className === "prompt__text") form.querySelector("textarea").focus();
      else return;
      event.preventDefault();
    });

    root.addEventListener("submit", function (event) {
      var target = event.target;
      var item = target.closest("[data-comment]");
      var kind = target.getAttribute("data-panel-kind");
      if (target === form) post(event);
      else if (target.hasAttribute("data-vote")) vote(target, event.submitter);
      else if (target.hasAttribute("data-prompt-close")) {
        part("[data-prompt]").hidden = true;
        api.stored("prompt", "closed");
      }
      else if (kind === "edit") alter(item, target, "PATCH", { body: target.querySelector("textarea").value });
      else if (kind === "delete") alter(item, target, "DELETE");
      else return;
      event.preventDefault();
    });

    part("[data-prompt]").hidden = Boolean(api.stored("prompt"));
    var tools = { call: api.call, render: render, address: address, message: message, showError: showError,
                  panel: panel };
    (scope.parts || []).forEach(function (attach) { attach(root, tools); });

    var wanted = /^#comment-\d+$/.test(location.hash) && location.hash.slice(1);
    load(sort).then(function (page) {
      // A link to one comment (an email's "Read and reply"): show it, from the whole list if needed.
      if (wanted && !root.getElementById(wanted) && page.comments.length < number) return load(sort, true);
    }).then(function () {
      var found = wanted && root.getElementById(wanted);
      if (found) found.scrollIntoView();
      listen();
    }, function (error) {
      list.replaceChildren(message(error.message, "error"));
    }).finally(function () {
      host.setAttribute("data-ready", "");
    });
  }

  scope.threadStart = start;
})(this);
