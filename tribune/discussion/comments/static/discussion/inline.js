// Inline feedback: comments on passages of the article.
//
// Passages come from the server (#passages-data) with their text quote and their position in the
// article's text, counted in Unicode code points as the server counts them. Each found passage is
// highlighted with a marker that opens its comments and a form in place. A reader who selects
// text in the article (mouse, touch or Shift+arrows) gets a "Comment on this" button; the comment
// form then carries the passage, grown to whole words (words.js).
(function () {
  "use strict";
  var body = document.querySelector(".article__body");
  var section = document.querySelector("[data-discussion]");
  var data = document.getElementById("passages-data");
  if (!body || !section || !data) return;
  var form = section.querySelector("[data-comment-form]");
  var passages = JSON.parse(data.textContent);
  var UI = "data-passage-ui";
  var config = document.getElementById("discussion-renderer");
  var render = config && window.TribuneComments ? window.TribuneComments.create(JSON.parse(config.textContent)) : null;

  // The article's text nodes with their start, in code points, skipping our own buttons.
  function textIndex() {
    var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest("[" + UI + "]") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    var offset = 0;
    var text = "";
    while (walker.nextNode()) {
      var node = walker.currentNode;
      var length = Array.from(node.data).length;
      nodes.push({ node: node, start: offset, length: length });
      offset += length;
      text += node.data;
    }
    return { nodes: nodes, text: Array.from(text) };
  }

  function unitOffset(string, codePoints) {
    return Array.from(string).slice(0, codePoints).join("").length;
  }

  // Wrap the code points [start, end) of the article's text in <mark> elements.
  function highlight(start, end, id) {
    var index = textIndex();
    var marks = [];
    index.nodes.forEach(function (entry) {
      var from = Math.max(start, entry.start);
      var to = Math.min(end, entry.start + entry.length);
      if (from >= to) return;
      var node = entry.node;
      var range = document.createRange();
      range.setStart(node, unitOffset(node.data, from - entry.start));
      range.setEnd(node, unitOffset(node.data, to - entry.start));
      var mark = document.createElement("mark");
      mark.className = "passage";
      mark.setAttribute("data-passage-id", id);
      range.surroundContents(mark);
      marks.push(mark);
    });
    if (marks.length) marks[0].id = "passage-" + id;
    return marks;
  }

  function find(passage, index) {
    var text = index.text;
    if (text.slice(passage.start, passage.end).join("") === passage.exact) return [passage.start, passage.end];
    var joined = text.join("");
    var at = joined.indexOf(passage.exact);
    if (at === -1) return null;
    var start = Array.from(joined.slice(0, at)).length;
    return [start, start + Array.from(passage.exact).length];
  }

  // Markers: a button after each passage with its count of comments, opening them in place.
  var markers = {};
  function addMarker(passage) {
    var where = find(passage, textIndex());
    if (!where) return;
    var marks = highlight(where[0], where[1], passage.id);
    if (!marks.length) return;
    var marker = document.createElement("button");
    marker.type = "button";
    marker.className = "passage-marker" + (passage.question ? " passage-marker--question" : "");
    marker.setAttribute(UI, "");
    marker.setAttribute("aria-expanded", "false");
    marker.setAttribute("data-passage-marker", passage.id);
    marks[marks.length - 1].after(marker);
    marker.addEventListener("click", function () { toggle(marker, passage); });
    markers[passage.id] = { marker: marker, passage: passage };
    showCount(passage.id);
  }

  // The eye reads a sign and a number; a screen reader hears the number in words, in the plural
  // form the page's language uses for it.
  function showCount(id) {
    var marker = markers[id].marker;
    var passage = markers[id].passage;
    marker.querySelectorAll("[data-passage-shown], [data-passage-count]").forEach(function (old) { old.remove(); });
    var shown = document.createElement("span");
    shown.setAttribute("aria-hidden", "true");
    shown.setAttribute("data-passage-shown", "");
    shown.textContent = (passage.question ? "?" : "💬") + " " + passage.count;
    marker.appendChild(shown);
    if (render) {
      var label = document.createElement("span");
      label.className = "visually-hidden";
      label.setAttribute("data-passage-count", "");
      label.textContent = render.count(passage.count, "passageComments");
      marker.appendChild(label);
    }
  }

  passages.forEach(addMarker);

  // A comment posted on a passage counts at once: its marker says one more, or the passage the
  // reader selected is marked where the server stored it. A comment held for review is not shown,
  // so it does not count yet.
  function countPosted(detail, start, end) {
    var anchor = detail && detail.comment && detail.comment.anchor;
    if (!anchor || detail.held) return;
    if (markers[anchor.id]) {
      markers[anchor.id].passage.count += 1;
      showCount(anchor.id);
      return;
    }
    addMarker({ id: anchor.id, exact: anchor.exact, question: anchor.question, count: 1,
                start: Number(start) || 0, end: Number(end) || 0 });
  }

  function toggle(marker, passage) {
    var open = marker.getAttribute("aria-expanded") === "true";
    var panel = document.getElementById("passage-panel-" + passage.id);
    if (open && panel) {
      panel.remove();
      marker.setAttribute("aria-expanded", "false");
      return;
    }
    panel = document.createElement("div");
    panel.id = "passage-panel-" + passage.id;
    panel.className = "passage-panel";
    panel.setAttribute(UI, "");
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", section.getAttribute("data-answers-label"));
    marker.setAttribute("aria-controls", panel.id);
    if (passage.question) {
      var question = document.createElement("p");
      question.className = "passage-panel__question";
      question.textContent = passage.question;
      panel.appendChild(question);
    }
    var answers = document.createElement("div");
    panel.appendChild(answers);
    var answer = document.createElement("button");
    answer.type = "button";
    answer.className = "button button--quiet";
    answer.textContent = section.getAttribute("data-answer-label");
    answer.addEventListener("click", function () {
      usePassage({ id: passage.id, exact: passage.exact });
      panel.appendChild(form);
      form.querySelector("textarea").focus();
    });
    panel.appendChild(answer);
    var block = marker.closest("p, li, blockquote, h2, h3, td") || marker.parentNode;
    block.after(panel);
    marker.setAttribute("aria-expanded", "true");
    showAnswers(passage, answers);
  }

  // A passage's answers, from the API, drawn as the comment list draws them (render.js).
  function showAnswers(passage, into) {
    var threadId = section.getAttribute("data-thread");
    if (!window.fetch || !render) return;
    var empty = document.createElement("p");
    empty.className = "discussion__empty";
    empty.textContent = render.text.noAnswers;
    if (!threadId) {
      into.appendChild(empty);
      return;
    }
    var api = section.getAttribute("data-api") + "threads/" + threadId;
    Promise.all([get(api + "/comments/all?sort=newest&anchor=" + passage.id), get(api + "/mine")])
      .then(function (answers) {
        var comments = answers[0].comments;
        var states = render.states(answers[1]);
        if (!comments.length) {
          into.appendChild(empty);
          return;
        }
        var token = section.querySelector("[name=csrfmiddlewaretoken]");
        var list = document.createElement("ol");
        list.className = "comments comments--panel";
        comments.forEach(function (comment) {
          list.appendChild(render.comment(comment, {
            state: states[comment.id], open: section.getAttribute("data-open") === "true", quote: false,
            csrfToken: token ? token.value : "",
          }));
        });
        into.appendChild(list);
      });
  }

  function get(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  // The comment form carries a passage: an editor's question by id, or a reader's selection.
  var passageBox = form && form.querySelector("[data-passage]");
  function field(name) { return form.querySelector('[data-anchor-field="' + name + '"]'); }

  // The hidden fields say which passage the comment is about; the box shows it when there is one.
  // The paragraph picker never says otherwise: it shows the paragraph it chose, or, for any other
  // passage (a selection, an editor's question), it steps aside until the passage is removed.
  function usePassage(selected, chosenParagraph) {
    ["id", "exact", "prefix", "suffix", "start", "end"].forEach(function (name) {
      field(name).value = selected[name] === undefined ? "" : selected[name];
    });
    passageBox.querySelector("[data-passage-text]").textContent = selected.exact || "";
    passageBox.hidden = !selected.exact;
    var picker = form.querySelector("[data-passage-choice]");
    if (picker) {
      picker.value = selected.exact && chosenParagraph ? chosenParagraph : "";
      picker.closest("[data-passage-picker]").hidden = Boolean(selected.exact) && !chosenParagraph;
    }
  }

  if (passageBox) {
    var cancel = passageBox.querySelector("[data-passage-cancel]");
    cancel.addEventListener("change", function () {
      if (!cancel.checked) return;
      usePassage({});
      cancel.checked = false;
      form.querySelector("textarea").focus();
    });
    // After a comment is posted, the next one is about the whole article again.
    form.addEventListener("tribune:posted", function (event) {
      countPosted(event.detail, field("start").value, field("end").value);
      usePassage({});
    });
  }

  // The passage a range of the article covers, as the server stores it: code-point offsets of
  // whole words, without spaces at either end, with some text before and after; null when it is
  // only spaces.
  function passageOf(range) {
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    var text = textIndex().text;
    while (start < end && /\s/.test(text[start])) start += 1;
    while (end > start && /\s/.test(text[end - 1])) end -= 1;
    if (start >= end) return null;
    if (window.TribuneWords) {
      var whole = window.TribuneWords.grow(text, start, end);
      start = whole[0];
      end = whole[1];
    }
    return {
      exact: text.slice(start, end).join(""),
      prefix: text.slice(Math.max(0, start - 32), start).join(""),
      suffix: text.slice(end, end + 32).join(""),
      start: start,
      end: end,
    };
  }

  // Selecting text in the article offers "Comment on this".
  var button = document.getElementById("passage-button-template").content.firstElementChild.cloneNode(true);
  button.setAttribute(UI, "");
  button.hidden = true;
  var pending = null;

  function selectionInBody() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    var range = selection.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return null;
    if (!selection.toString().trim()) return null;
    return range;
  }

  function offsetOf(container, offset) {
    var index = textIndex();
    for (var i = 0; i < index.nodes.length; i += 1) {
      var entry = index.nodes[i];
      if (entry.node === container) return entry.start + Array.from(entry.node.data.slice(0, offset)).length;
    }
    // The boundary is an element: count the article's text before its child at `offset` (not the
    // markers' and counts' text, which the index leaves out).
    var probe = document.createRange();
    probe.setStart(body, 0);
    probe.setEnd(container, offset);
    var before = 0;
    index.nodes.forEach(function (entry) {
      if (probe.comparePoint(entry.node, entry.node.data.length) === 0) before += entry.length;
    });
    return before;
  }

  function showButton() {
    var range = selectionInBody();
    if (!range || !form) { button.hidden = true; pending = null; return; }
    pending = passageOf(range);
    if (!pending) { button.hidden = true; return; }
    var block = (range.endContainer.nodeType === 1 ? range.endContainer : range.endContainer.parentElement)
      .closest("p, li, blockquote, h2, h3, td") || body;
    if (block === body) body.appendChild(button); else block.after(button);
    var rect = range.getBoundingClientRect();
    var box = button.parentElement.getBoundingClientRect();
    button.style.top = Math.max(0, rect.bottom - box.top + 6) + "px";
    button.style.left = Math.max(0, Math.min(rect.left - box.left, box.width - 160)) + "px";
    button.hidden = false;
  }

  var timer = null;
  document.addEventListener("selectionchange", function () {
    clearTimeout(timer);
    timer = setTimeout(showButton, 150);
  });
  button.addEventListener("mousedown", function (event) { event.preventDefault(); });
  button.addEventListener("click", function () {
    if (!pending) return;
    usePassage(pending);
    section.insertBefore(form, section.querySelector("[data-comment-list]"));
    button.hidden = true;
    form.scrollIntoView({ block: "center" });
    form.querySelector("textarea").focus();
  });

  // A paragraph's own words, without the markers and counts this script put in it.
  function ownText(block) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest("[" + UI + "]") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    var words = "";
    while (walker.nextNode()) words += walker.currentNode.data;
    return words.replace(/\s+/g, " ").trim();
  }

  function excerpt(words) {
    var characters = Array.from(words);
    return characters.length > 70 ? characters.slice(0, 69).join("").trimEnd() + "…" : words;
  }

  // Without a mouse, text cannot be selected in a page; a list of the article's paragraphs in the
  // form lets a keyboard or screen-reader user comment on one of them.
  if (form && passageBox) {
    var choice = document.createElement("select");
    choice.id = "passage-choice";
    choice.setAttribute("data-passage-choice", "");
    var whole = document.createElement("option");
    whole.value = "";
    whole.textContent = section.getAttribute("data-whole-label");
    choice.appendChild(whole);
    var blocks = Array.prototype.slice.call(body.querySelectorAll("p, li, blockquote"));
    blocks.forEach(function (block, number) {
      var words = ownText(block);
      if (!words) return;
      var option = document.createElement("option");
      option.value = String(number);
      option.textContent = excerpt(words);
      choice.appendChild(option);
    });
    var label = document.createElement("label");
    label.htmlFor = choice.id;
    label.textContent = section.getAttribute("data-about-label");
    var row = document.createElement("div");
    row.className = "field field--passage";
    row.setAttribute("data-passage-picker", "");
    row.appendChild(label);
    row.appendChild(choice);
    passageBox.before(row);
    choice.addEventListener("change", function () {
      var chosen = choice.value;
      var range = document.createRange();
      if (chosen) range.selectNodeContents(blocks[Number(chosen)]);
      usePassage(chosen ? passageOf(range) || {} : {}, chosen);
    });
  }

  // Quotes in the comment list lead to their passage and light it up.
  section.addEventListener("click", function (event) {
    var link = event.target.closest("[data-anchor-link]");
    if (!link) return;
    var marks = body.querySelectorAll('[data-passage-id="' + link.getAttribute("data-anchor-link") + '"]');
    if (!marks.length) return;
    event.preventDefault();
    marks[0].scrollIntoView({ block: "center" });
    marks.forEach(function (mark) {
      mark.classList.remove("passage--lit");
      void mark.offsetWidth;
      mark.classList.add("passage--lit");
    });
  });
})();
