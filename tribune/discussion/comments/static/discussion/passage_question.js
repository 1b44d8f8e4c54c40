// The preview page's "Ask readers about a passage": selecting text of the article fills the
// passage field with it, grown to whole words, and the text around it and its place, as the
// server stores passages (code points of the article's text). Without JavaScript the editor
// pastes the passage instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-passage-questions]");
  var body = document.querySelector(".article__body");
  if (!box || !body) return;
  function field(name) { return box.querySelector('[data-passage-field="' + name + '"]'); }

  function codePoints(range) { return Array.from(range.toString()); }

  function take() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return;
    var before = document.createRange();
    before.setStart(body, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var all = document.createRange();
    all.selectNodeContents(body);
    var text = codePoints(all);
    var start = codePoints(before).length;
    var end = start + codePoints(range).length;
    while (start < end && /\s/.test(text[start])) start += 1;
    while (end > start && /\s/.test(text[end - 1])) end -= 1;
    if (start >= end) return;
    // Whole words, as the server stores them (words.js).
    if (window.TribuneWords) {
      var whole = window.TribuneWords.grow(text, start, end);
      start = whole[0];
      end = whole[1];
    }
    field("exact").value = text.slice(start, end).join("");
    field("prefix").value = text.slice(Math.max(0, start - 32), start).join("");
    field("suffix").value = text.slice(end, end + 32).join("");
    field("start").value = start;
    field("end").value = end;
  }

  body.addEventListener("mouseup", take);
  body.addEventListener("keyup", take);
  document.addEventListener("selectionchange", function () {
    // Touch screens select without a mouseup on the body.
    var selection = window.getSelection();
    if (selection && !selection.isCollapsed && body.contains(selection.anchorNode)) take();
  });
  // A passage typed by hand has no place: the server finds it by its words.
  field("exact").addEventListener("input", function () {
    ["prefix", "suffix", "start", "end"].forEach(function (name) { field(name).value = ""; });
  });
})();
