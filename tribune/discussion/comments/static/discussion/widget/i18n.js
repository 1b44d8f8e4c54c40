// The widget's words, in the site's language: embed.js carries them (comments/widget.py renders
// them per language into `scope.words`, beside render.js's own in `scope.renderer`).
(function (scope) {
  "use strict";

  // Python's "%(name)s" placeholders, as Django's translations write them.
  scope.t = function (key, values) {
    return scope.words[key].replace(/%\((\w+)\)s/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  };
})(this);
