// Start the widget: every thread container and count badge on the page, once the page is
// parsed. The one global name it defines, TribuneEmbed, lets a page that adds containers later
// (a site that changes pages without reloading) call TribuneEmbed.load(); a second copy of
// embed.js on the same page does only that.
(function (scope) {
  "use strict";
  if (window.TribuneEmbed) {
    window.TribuneEmbed.load();
    return;
  }

  function load(root) {
    root = root || document;
    root.querySelectorAll("[data-tribune-thread]").forEach(scope.threadStart);
    scope.countsFill(root);
  }

  window.TribuneEmbed = { load: load };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { load(); });
  else load();
})(this);
