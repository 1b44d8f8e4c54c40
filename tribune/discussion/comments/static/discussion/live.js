// Live updates of a comment section: new comments, edits, deletions and vote counts arrive while
// the page is open, from the live server's Server-Sent Events (/live/threads/<id>, see
// comments/live/app.py), without moving what the reader is reading:
//   - new comments wait behind an "N new comments" button; pressing it shows them in their place
//     and keeps the comment the reader was looking at where it was on the screen;
//   - edits, deletions and moderators' changes redraw the comment in place (the deleted
//     placeholder for a deleted one), vote counts change in every copy of the comment;
//   - screen readers hear one short, polite sentence now and then (aria-live="polite"), never
//     one per vote.
// A reader who was disconnected (the server restarted, the network dropped) reconnects and is
// sent what changed after the version they had; one too far behind asks the API for the thread
// and compares.
//
// Used by the article page (section.js) and by the embedded widget, which runs this file inside
// its bundle: it defines TribuneLive on the scope it runs in (the window on Tribune's pages, the
// bundle's own scope object in embed.js) and nothing else.
//
// TribuneLive.attach(container, options) starts it and returns { close() }, or null when the
// browser cannot. Options:
//   threadId   the thread's id (required)
//   render     a renderer, TribuneComments.create(config) (render.js) (required; or `renderer`)
//   list       the <ol data-comments> the comments are in (required)
//   live       the live endpoint, ending in /live/ (default: /live/ beside apiBase's /api/v1/)
//   apiBase    the API's address, ending in /api/v1/ (to catch up; or `api`)
//   version    the thread version the page shows (the API's thread.version), or a function
//              returning it; without it the page hears of changes from its connection on
//   root       where the comments' copies are looked for (a shadow root; default container)
//   section    the element holding [data-count], [data-sorts] and [data-more] (default root)
//   draw       function (comment, state) returning the comment's <li> (default: render.comment
//              with the state read from the comment already on the page)
//   sort       the current order, or a function returning it (default: the [data-sort] link
//              marked aria-current)
//   open       whether the thread takes replies (for the default draw)
//   locale     for the button's plural (default: the page's lang)
(function (scope) {
  "use strict";

  var CLOSED = 2;
  // Announcements wait this long, so that a burst of changes is one sentence.
  var SAY_AFTER_MS = 1500;

  function attach(container, options) {
    var render = options.render || options.renderer;
    var list = options.list;
    var threadId = options.threadId;
    if (!render || !list || !threadId || !window.EventSource) return null;
    var root = options.root || container;
    var section = options.section || root;
    var apiBase = options.apiBase || options.api || "";
    var base = options.live || (apiBase ? new URL("../../live/", new URL(apiBase, location.href)).href : "");
    if (!base) return null;
    var version = typeof options.version === "function" ? options.version() : options.version;
    version = version === undefined || version === null || version === "" ? null : Number(version);
    var text = render.text || {};
    var plurals = new Intl.PluralRules(options.locale || document.documentElement.lang || "en");
    var doc = list.ownerDocument;

    var pending = [];
    var more = 0;
    var source = null;
    var retry = null;
    var delay = 2000;
    var closed = false;
    var heard = { news: 0, edited: 0, removed: 0 };
    var sayTimer = null;

    // The button behind which new comments wait, before the list; `hidden` is on a wrapper
    // whose class sets no display, so that no stylesheet's .button shows it.
    var bar = doc.createElement("div");
    bar.className = "live-news";
    bar.setAttribute("data-live-news", "");
    bar.hidden = true;
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "button live-news__button";
    bar.appendChild(button);
    list.before(bar);
    button.addEventListener("click", reveal);

    // What screen readers are told, politely. Hidden from sight by script (CSSOM), which no
    // Content-Security-Policy refuses, as it would a style attribute.
    var status = doc.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("data-live-status", "");
    [["position", "absolute"], ["width", "1px"], ["height", "1px"], ["overflow", "hidden"],
      ["clip", "rect(0 0 0 0)"], ["whiteSpace", "nowrap"], ["margin", "-1px"], ["padding", "0"]]
      .forEach(function (rule) { status.style[rule[0]] = rule[1]; });
    list.parentNode.appendChild(status);

    function plural(forms, number) {
      if (!forms) return String(number);
      if (typeof forms === "string") return forms.replace("%(counter)s", number);
      return (forms[plurals.select(number)] || forms.other || "").replace("%(counter)s", number);
    }

    function find(id) {
      return list.querySelector('[data-comment="' + id + '"]');
    }

    function part(selector) {
      return section.querySelector(selector);
    }

    function currentSort() {
      if (typeof options.sort === "function") return options.sort();
      if (options.sort) return options.sort;
      var current = part("[data-sort][aria-current]");
      return current ? current.getAttribute("data-sort") : "newest";
    }

    // What the reader may do with a comment already on the page, read from it: theirs (the
    // class), their vote (the pressed button), whether they may still edit it (its edit link).
    function stateOf(item) {
      if (!item) return {};
      var up = item.querySelector(".vote__button--up");
      var down = item.querySelector(".vote__button--down");
      var actions = item.querySelectorAll("footer.comment__actions > a.comment__action:not([data-reply])");
      var mine = item.classList.contains("comment--mine");
      return {
        mine: mine,
        // A comment of one's own shows Edit then Delete while it may be edited, Delete alone after.
        can_edit: mine && actions.length > 1,
        my_vote: up && up.getAttribute("aria-pressed") === "true" ? 1
          : down && down.getAttribute("aria-pressed") === "true" ? -1 : 0,
      };
    }

    function draw(comment, old) {
      var state = stateOf(old);
      if (options.draw) return options.draw(comment, state);
      return render.comment(comment, { state: state, open: options.open !== false });
    }

    // The words a reader sees in a comment, but its votes and time: what an edit or a deletion
    // changes. Compared, not the markup: the page's copy and the drawn one differ in spacing.
    function face(item) {
      var words = [];
      item.querySelectorAll(".comment__author, .comment__mark, .comment__edited, .comment__badge, " +
        ".comment__quote, .comment__reply-to, .comment__body, .comment__deleted, .comment__note")
        .forEach(function (part) { words.push(part.textContent); });
      return words.join("\n").replace(/\s+/g, " ").trim();
    }

    function setVotes(id, up, down) {
      root.querySelectorAll('[data-vote="' + id + '"]').forEach(function (form) {
        var upButton = form.querySelector(".vote__button--up");
        var downButton = form.querySelector(".vote__button--down");
        var mine = upButton && upButton.getAttribute("aria-pressed") === "true" ? 1
          : downButton && downButton.getAttribute("aria-pressed") === "true" ? -1 : 0;
        render.votes(form, { upvotes: up, downvotes: down, my_vote: mine });
      });
    }

    // Run `change` and scroll by what it moved the first comment on the screen: what the reader
    // is looking at stays where it was.
    function keepingPlace(change) {
      var anchor = null;
      var top = 0;
      var items = list.querySelectorAll("[data-comment]");
      for (var i = 0; i < items.length; i += 1) {
        var box = items[i].getBoundingClientRect();
        if (box.bottom > 0) {
          anchor = items[i];
          top = box.top;
          break;
        }
      }
      change();
      if (anchor && anchor.isConnected) {
        var moved = anchor.getBoundingClientRect().top - top;
        if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
      }
    }

    // A comment already on the page changed: redraw it in place when its words did (what the
    // page added under it, the reply form or an edit box, moves along), else only its votes.
    function update(old, comment) {
      var fresh = draw(comment, old);
      if (face(fresh) === face(old)) {
        setVotes(comment.id, comment.upvotes, comment.downvotes);
        return null;
      }
      Array.prototype.slice.call(old.children).forEach(function (child) {
        if (child.tagName !== "ARTICLE") fresh.appendChild(child);
      });
      keepingPlace(function () { old.replaceWith(fresh); });
      setVotes(comment.id, comment.upvotes, comment.downvotes);
      return comment.status === "visible" ? "edited" : "removed";
    }

    // Whether a new comment has a place in the list as it is shown: a reply under a comment that
    // is there; a top-level one first when the newest come first, last when the whole list shows.
    function placeable(comment) {
      if (comment.parent_id) return Boolean(find(comment.parent_id));
      var sort = currentSort();
      if (sort === "inline") return Boolean(comment.anchor);
      if (sort === "newest") return true;
      var rest = part("[data-more]");
      return !rest || rest.hidden;
    }

    function depthOf(item) {
      var match = /comment--depth-(\d+)/.exec(item.className);
      return match ? Number(match[1]) : 0;
    }

    function insert(item, comment) {
      var parent = comment.parent_id && find(comment.parent_id);
      if (parent) {
        // After the parent's replies, which follow it with a deeper indent.
        var after = parent;
        var depth = depthOf(parent);
        while (after.nextElementSibling && depthOf(after.nextElementSibling) > depth) after = after.nextElementSibling;
        after.after(item);
      } else if (currentSort() === "newest") {
        list.prepend(item);
      } else {
        list.appendChild(item);
      }
      list.hidden = false;
      ["[data-empty]", "[data-sorts]"].forEach(function (selector) {
        section.querySelectorAll(selector).forEach(function (element) {
          element.hidden = selector === "[data-empty]";
        });
      });
    }

    function setCount(number) {
      if (typeof number !== "number") return;
      var count = part("[data-count]");
      if (!count) return;
      count.textContent = render.count(number);
      count.setAttribute("data-number", number);
    }

    function waiting() {
      pending = pending.filter(function (comment) { return !find(comment.id); });
      return pending.length + more;
    }

    function showButton() {
      var number = waiting();
      bar.hidden = number === 0;
      button.textContent = plural(text.newComments, number);
    }

    function say(kind, number) {
      heard[kind] += number;
      if (sayTimer) return;
      sayTimer = setTimeout(function () {
        sayTimer = null;
        var words = [];
        var number = waiting();
        if (heard.news && number) words.push(plural(text.newComments, number) + ".");
        if (heard.edited) words.push(text.liveEdited || "");
        if (heard.removed) words.push(text.liveRemoved || "");
        heard = { news: 0, edited: 0, removed: 0 };
        if (words.length) status.textContent = words.join(" ");
      }, SAY_AFTER_MS);
    }

    // What one comment of an event or of the API's list means here.
    function take(comment, counts) {
      var old = find(comment.id);
      if (old) {
        var what = update(old, comment);
        if (what) counts[what] += 1;
      } else if (comment.status === "visible" && placeable(comment) &&
        !pending.some(function (waitingComment) { return waitingComment.id === comment.id; })) {
        pending.push(comment);
        counts.news += 1;
      }
    }

    function report(counts) {
      showButton();
      ["news", "edited", "removed"].forEach(function (kind) { if (counts[kind]) say(kind, counts[kind]); });
    }

    function applyChange(data) {
      var counts = { news: 0, edited: 0, removed: 0 };
      setCount(data.comment_count);
      (data.comments || []).forEach(function (comment) { take(comment, counts); });
      (data.votes || []).forEach(function (vote) { setVotes(vote[0], vote[1], vote[2]); });
      if (data.more) {
        more += data.more;
        counts.news += data.more;
      }
      report(counts);
    }

    // Too far behind, or new comments the events only counted: ask the API for the whole thread
    // and take what differs.
    function catchUp() {
      if (!apiBase) return Promise.resolve();
      var address = new URL("threads/" + encodeURIComponent(threadId) + "/comments/all?sort=oldest",
        new URL(apiBase, location.href));
      return fetch(address.href, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
        .then(function (page) {
          var counts = { news: 0, edited: 0, removed: 0 };
          more = 0;
          setCount(page.thread.comment_count);
          page.comments.forEach(function (comment) { take(comment, counts); });
          report(counts);
        });
    }

    function reveal() {
      var ready = more ? catchUp() : Promise.resolve();
      ready.catch(function () {}).then(function () {
        var shown = pending.filter(function (comment) { return !find(comment.id) && placeable(comment); });
        pending = [];
        more = 0;
        var first = null;
        keepingPlace(function () {
          shown.forEach(function (comment) {
            var item = draw(comment, null);
            item.classList.add("comment--new");
            insert(item, comment);
            first = first || item;
          });
        });
        showButton();
        if (first) {
          // The button is gone: the first comment shown takes the focus, where it is.
          first.setAttribute("tabindex", "-1");
          first.focus({ preventScroll: true });
        }
      });
    }

    function mark(state) {
      container.setAttribute("data-live-state", state);
      if (version !== null) container.setAttribute("data-live-version", version);
    }

    function connect() {
      if (closed) return;
      retry = null;
      var address = base + "threads/" + encodeURIComponent(threadId) + (version !== null ? "?since=" + version : "");
      source = new EventSource(address);
      mark("connecting");
      source.addEventListener("ready", function (event) {
        delay = 2000;
        if (version === null) version = JSON.parse(event.data).version;
        mark("open");
      });
      source.addEventListener("change", function (event) {
        var data = JSON.parse(event.data);
        applyChange(data);
        version = data.version;
        mark("open");
      });
      source.addEventListener("resync", function (event) {
        version = JSON.parse(event.data).version;
        mark("open");
        catchUp().catch(function () {});
      });
      source.addEventListener("error", function () {
        mark("connecting");
        // The browser reconnects by itself after a dropped connection; after an answer that is
        // not a stream (a proxy's 502 while the server restarts) it gives up, and so we retry,
        // later each time, from the version we have.
        if (source.readyState !== CLOSED) return;
        source = null;
        retry = setTimeout(connect, delay * (0.5 + Math.random()));
        delay = Math.min(delay * 2, 60000);
      });
    }

    connect();

    return {
      close: function () {
        closed = true;
        if (source) source.close();
        if (retry) clearTimeout(retry);
        if (sayTimer) clearTimeout(sayTimer);
        bar.remove();
        status.remove();
        container.removeAttribute("data-live-state");
      },
    };
  }

  scope.TribuneLive = { attach: attach };
})(this);
