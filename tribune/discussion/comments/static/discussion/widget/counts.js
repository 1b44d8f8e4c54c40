// Count badges: every element with data-tribune-count shows the comment count of the page named
// by its data-url (or, on a link, its href), in the site's words ("3 comments"). All the badges of
// a page are filled by one request to /api/v1/counts (200 pages a request, the API's limit).
(function (scope) {
  "use strict";

  scope.countsFill = function (root) {
    var render = scope.TribuneComments.create(scope.renderer);
    var byUrl = {};
    root.querySelectorAll("[data-tribune-count]").forEach(function (badge) {
      var given = badge.getAttribute("data-url") || badge.getAttribute("href");
      if (!given || badge.hasAttribute("data-counted")) return;
      badge.setAttribute("data-counted", "");
      var url = scope.pageUrl(given, true);
      (byUrl[url] = byUrl[url] || []).push(badge);
    });
    var urls = Object.keys(byUrl);
    for (var start = 0; start < urls.length; start += 200) {
      var query = urls.slice(start, start + 200).map(function (url) { return "url=" + encodeURIComponent(url); });
      scope.api.call("counts?" + query.join("&")).then(function (answer) {
        answer.counts.forEach(function (row) {
          (byUrl[row.url] || []).forEach(function (badge) { badge.textContent = render.count(row.count); });
        });
      }, function () {});
    }
  };
})(this);
