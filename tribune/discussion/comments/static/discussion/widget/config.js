// What one container asks for: the page whose thread it shows (data-url, else the page's
// canonical link, else its address without query or fragment) and that page's title
// (data-title, else the document's). A page address is written as the server keeps it
// (comments/services/threads.py, page_url_normalize): no fragment, no trailing slash.
(function (scope) {
  "use strict";

  function pageUrl(value, keepQuery) {
    var url = new URL(value, location.href);
    return url.origin + (url.pathname.replace(/\/+$/, "") || "/") + (keepQuery ? url.search : "");
  }

  scope.pageUrl = pageUrl;
  scope.options = function (host) {
    var given = host.getAttribute("data-url");
    var canonical = document.querySelector("link[rel=canonical][href]");
    return {
      url: given ? pageUrl(given, true) : canonical ? pageUrl(canonical.href, true) : pageUrl(location.href, false),
      title: host.getAttribute("data-title") || document.title,
    };
  };
})(this);
