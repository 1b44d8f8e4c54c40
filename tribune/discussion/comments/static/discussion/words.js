// Passages are whole words: TribuneWords.grow(text, start, end) takes a passage of `text` (an array
// of code points, as the server counts them) and returns [start, end] grown to whole words at an
// edge that falls inside one. The server does the same to whatever is posted
// (comments/anchoring.py, word_bounds). Used by inline.js (readers) and passage_question.js
// (editors on the preview page).
(function () {
  "use strict";
  // The browser's word segmenter knows every script's words, those written without spaces too
  // (Chinese, Japanese, Thai); without it, a word is a run of letters, marks and digits (an
  // apostrophe between letters, a dot or comma between digits) in scripts that put spaces between
  // words: the server's rule.
  var segmenter = null;
  try {
    segmenter = new Intl.Segmenter(document.documentElement.lang || undefined, { granularity: "word" });
  } catch (error) {
    segmenter = null;  // no Intl.Segmenter in this browser
  }
  var WORD = /[\p{L}\p{M}\p{N}_]/u;
  var UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  var LETTER_JOINERS = "'\u2019\u00b7";
  var NUMBER_JOINERS = "'\u2019.,;";
  var DIGIT = /\p{Nd}/u;
  // How far around an edge the segmenter looks, in code points: further than any word is long.
  var REACH = 100;

  function inWord(character) { return character !== undefined && WORD.test(character) && !UNSPACED.test(character); }

  function glued(before, joiner, after) {
    if (before === undefined || after === undefined) return false;
    if (NUMBER_JOINERS.indexOf(joiner) !== -1 && DIGIT.test(before) && DIGIT.test(after)) return true;
    return LETTER_JOINERS.indexOf(joiner) !== -1 && inWord(before) && inWord(after);
  }

  function joined(text, at) {
    if (at <= 0 || at >= text.length) return false;
    if (inWord(text[at - 1]) && inWord(text[at])) return true;
    return glued(text[at - 1], text[at], text[at + 1]) || glued(text[at - 2], text[at - 1], text[at]);
  }

  // The word that the edge `at` (a code point index of `text`) falls inside, as [start, end], or
  // null when `at` is between words.
  function wordAround(text, at) {
    if (at <= 0 || at >= text.length) return null;
    if (!segmenter) {
      if (!joined(text, at)) return null;
      var from = at;
      var to = at;
      while (joined(text, from)) from -= 1;
      while (joined(text, to)) to += 1;
      return [from, to];
    }
    var first = Math.max(0, at - REACH);
    var piece = text.slice(first, at + REACH).join("");
    var inside = text.slice(first, at).join("").length;  // UTF-16 units, as the segmenter counts
    var segment = segmenter.segment(piece).containing(inside);
    if (!segment || !segment.isWordLike || segment.index === inside) return null;
    var start = first + Array.from(piece.slice(0, segment.index)).length;
    return [start, start + Array.from(segment.segment).length];
  }

  function grow(text, start, end) {
    var word = wordAround(text, start);
    if (word) start = word[0];
    word = wordAround(text, end);
    if (word) end = word[1];
    return [start, end];
  }

  window.TribuneWords = { grow: grow };
})();
