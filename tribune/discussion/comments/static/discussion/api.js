// One way for the scripts of Tribune's own pages (section.js, follow.js, report_page.js) to ask
// the JSON API: same-origin credentials, the page's CSRF token on writes, and one shape of error.
(function () {
  "use strict";

  // Resolve with the API's JSON answer, or reject with an Error holding its message and `status`
  // (no status: the request never got an answer).
  function request(address, method, body, csrfToken) {
    var options = { method: method || "GET", credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrfToken || "";
      options.body = JSON.stringify(body);
    }
    return fetch(address, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) return data;
        var error = new Error(data.message || response.statusText);
        error.status = response.status;
        throw error;
      });
    });
  }

  window.TribuneApi = { request: request };
})();
