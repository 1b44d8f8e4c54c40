// Comments drawn from the JSON API's answers, in exactly the markup of
// templates/discussion/includes/comment.html: the same classes, ids, aria attributes, links and
// forms, so that a comment added in place reads, and works without JavaScript, as it will after a
// reload. Used by the article page's scripts and by the embeddable widget.
//
// It defines TribuneComments on the scope it runs in: the window on Tribune's own pages; inside
// embed.js, the bundle's own scope object (comments/widget.py runs each file with `this` set to
// it), so the widget adds no global of its own. TribuneComments.create(config) returns a renderer;
// `config` holds the translated words (the authors' marks' too), the site's locale and time zone
// and the addresses of a comment's forms (the article page renders it into #discussion-renderer,
// embed.js carries it; see comments/display.py). The API's answers hold the data, the page the
// words.
(function (scope) {
  "use strict";

  // An element with its attributes in the order given (as the template writes them) and its
  // children: nodes, or strings as text. Null, undefined and false leave an attribute or child out.
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    });
    return node;
  }

  // Python's "%(name)s" placeholders, as Django's translations write them.
  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function create(config) {
    var text = config.text;
    var dates;
    try {
      dates = new Intl.DateTimeFormat(config.locale, { dateStyle: "medium", timeStyle: "short", timeZone: config.timeZone });
    } catch (error) {
      // A time zone this browser does not know: the reader's own.
      dates = new Intl.DateTimeFormat(config.locale, { dateStyle: "medium", timeStyle: "short" });
    }
    var plurals = new Intl.PluralRules(config.locale);

    function address(name, id) {
      return config.urls[name].replace("{id}", id);
    }

    // The time as the server writes it (comments/display.py: CLDR's medium date, short time).
    function time(iso) {
      return dates.format(new Date(iso)).replace(/[\u202f\u00a0]/g, " ");
    }

    // "3 comments", in the plural form the site's language uses for that number; `key` names
    // other words with a number in the config's text ("passageComments"), "comments" if none.
    function count(number, key) {
      var forms = text[key || "comments"] || text.comments;
      return format(forms[plurals.select(number)] || forms.other, { counter: number });
    }

    // Django's truncatechars: at most `length` characters, the last one an ellipsis; combining
    // marks do not count.
    function truncate(value, length) {
      var characters = Array.from(value.normalize("NFC"));
      var counted = 0;
      var end = null;
      for (var i = 0; i < characters.length; i += 1) {
        if (/\p{Mn}/u.test(characters[i])) continue;
        counted += 1;
        if (end === null && counted > length - 1) end = i;
        if (counted > length) return format(text.truncated, { truncated_text: characters.slice(0, end).join("") });
      }
      return characters.join("");
    }

    // What a reader may do with each comment, by id, from the API's /threads/{id}/mine.
    function states(mine) {
      var byId = {};
      function state(id) {
        return byId[id] || (byId[id] = { mine: false, can_edit: false, my_vote: 0 });
      }
      (mine.comment_ids || []).forEach(function (id) { state(id).mine = true; });
      (mine.editable_ids || []).forEach(function (id) { state(id).can_edit = true; });
      Object.keys(mine.votes || {}).forEach(function (id) { state(id).my_vote = mine.votes[id]; });
      return byId;
    }

    function voteLabel(key, number) {
      return format(text[key], { count: number });
    }

    function voteForm(comment, state, csrfToken) {
      var mine = Boolean(state.mine);
      var myVote = state.my_vote || 0;
      return el("form", { class: "vote", method: "post", action: address("vote", comment.id), "data-vote": comment.id }, [
        csrfToken ? el("input", { type: "hidden", name: "csrfmiddlewaretoken", value: csrfToken }) : null,
        el("button", {
          class: "vote__button vote__button--up", type: "submit", name: "value", value: myVote === 1 ? "0" : "1",
          "aria-pressed": String(myVote === 1), "aria-label": voteLabel("voteUp", comment.upvotes), disabled: mine,
        }, [el("span", { "aria-hidden": "true" }, ["▲"]), " ", el("span", { "data-upvotes": true }, [String(comment.upvotes)])]),
        el("button", {
          class: "vote__button vote__button--down", type: "submit", name: "value", value: myVote === -1 ? "0" : "-1",
          "aria-pressed": String(myVote === -1), "aria-label": voteLabel("voteDown", comment.downvotes), disabled: mine,
        }, [el("span", { "aria-hidden": "true" }, ["▼"]), " ", el("span", { "data-downvotes": true }, [String(comment.downvotes)])]),
      ]);
    }

    function quote(anchor) {
      var orphaned = anchor.state === "orphaned";
      var words = "“" + truncate(anchor.exact, 240) + "”";
      return el("blockquote", { class: "comment__quote" + (orphaned ? " comment__quote--orphaned" : "") }, [
        anchor.question ? el("p", { class: "comment__question" }, [anchor.question]) : null,
        orphaned ? words + " " : el("a", { href: "#passage-" + anchor.id, "data-anchor-link": anchor.id }, [words]),
        orphaned ? el("span", { class: "comment__quote-note" }, [text.passageGone]) : null,
      ]);
    }

    // One comment as an <li>. Options: `state` (what the reader may do: mine, can_edit, my_vote;
    // an answer's own `viewer` wins), `open` (the thread takes replies), `quote` (false in a
    // passage's own list, where the passage is already shown), `csrfToken` (for the vote form).
    function comment(data, options) {
      options = options || {};
      var state = data.viewer || options.state || {};
      var mine = Boolean(state.mine);
      var id = "comment-" + data.id;
      var deleted = data.status === "deleted";
      // The API leaves out the author and text of a comment readers may not read.
      var readable = data.author.kind !== "deleted";
      var shown = readable && (data.status === "visible" || mine);
      var author;
      if (!shown) {
        author = el("span", { class: "comment__author comment__author--none", id: id + "-author" },
          [deleted ? text.deleted : text.removed]);
      } else if (data.author.name) {
        author = el("span", { class: "comment__author comment__author--" + data.author.kind, dir: "auto", id: id + "-author" },
          [data.author.name]);
      } else {
        author = el("span", { class: "comment__author comment__author--anonymous", id: id + "-author" }, [text.anonymous]);
      }
      var header = el("header", { class: "comment__header" }, [author].concat(
        data.author.marks.map(function (mark) {
          return el("span", { class: "comment__mark comment__mark--" + mark }, [config.marks[mark] || mark]);
        }),
        [
          data.author.kind === "guest" && shown ? el("span", { class: "comment__badge" }, [text.guest]) : null,
          el("a", { class: "comment__time", href: "#" + id }, [
            el("time", { datetime: new Date(data.created_at).toISOString() }, [time(data.created_at)]),
          ]),
          data.edited_at && !deleted ? el("span", { class: "comment__edited" }, [text.edited]) : null,
          data.status === "pending" ? el("span", { class: "comment__badge comment__badge--pending" }, [text.awaitingReview]) : null,
        ]
      ));
      var parts = [header];
      if (deleted) {
        parts.push(el("p", { class: "comment__deleted" }, [text.wasDeleted]));
      } else if (data.status === "rejected" || data.status === "spam") {
        parts.push(el("p", { class: "comment__deleted" }, [text.removedByModerator]));
      } else if ((data.status === "pending" && !mine) || !readable) {
        parts.push(el("p", { class: "comment__deleted" }, [text.waitsForModerator]));
      } else {
        if (data.anchor && !data.parent_id && options.quote !== false) parts.push(quote(data.anchor));
        var body = el("div", { class: "comment__body", dir: "auto" }, [
          data.reply_to_name ? el("p", { class: "comment__reply-to" }, ["@" + data.reply_to_name]) : null,
        ]);
        // Sanitized by the server (core.text), like the page's own.
        body.insertAdjacentHTML("beforeend", data.body_html);
        parts.push(body);
        if (data.moderator_note) {
          parts.push(el("p", { class: "comment__note" }, [format(text.moderatorNote, { note: data.moderator_note })]));
        }
        var visible = data.status === "visible";
        parts.push(el("footer", { class: "comment__actions" }, [
          voteForm(data, state, options.csrfToken),
          options.open && visible ? el("a", {
            class: "comment__action", href: "?reply=" + data.id + "#comment-form", "data-reply": data.id,
            "data-reply-name": data.author.name || text.anonymous,
          }, [text.reply]) : null,
          state.can_edit ? el("a", { class: "comment__action", href: address("edit", data.id) }, [text.edit]) : null,
          mine ? el("a", { class: "comment__action", href: address("delete", data.id) }, [text.delete])
            : visible ? el("a", { class: "comment__action comment__action--quiet", href: address("report", data.id), rel: "nofollow", "data-report": data.id },
              [text.report]) : null,
        ]));
      }
      return el("li", { class: "comment comment--depth-" + Math.min(data.depth, config.maxDepth) + (mine ? " comment--mine" : ""), id: id, "data-comment": data.id }, [
        el("article", { "aria-labelledby": id + "-author" }, parts),
      ]);
    }

    // Show a vote's outcome (the API's VoteOut) in a comment's vote form.
    function votes(form, vote) {
      var up = form.querySelector(".vote__button--up");
      var down = form.querySelector(".vote__button--down");
      up.querySelector("[data-upvotes]").textContent = vote.upvotes;
      down.querySelector("[data-downvotes]").textContent = vote.downvotes;
      up.setAttribute("aria-pressed", String(vote.my_vote === 1));
      down.setAttribute("aria-pressed", String(vote.my_vote === -1));
      up.setAttribute("aria-label", voteLabel("voteUp", vote.upvotes));
      down.setAttribute("aria-label", voteLabel("voteDown", vote.downvotes));
      up.value = vote.my_vote === 1 ? "0" : "1";
      down.value = vote.my_vote === -1 ? "0" : "-1";
    }

    return { comment: comment, count: count, states: states, text: text, time: time, votes: votes };
  }

  scope.TribuneComments = { create: create };
})(this);
