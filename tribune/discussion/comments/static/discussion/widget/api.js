// The widget's calls to the Tribune site's JSON API from another site's page (CORS, no
// credentials). A guest is known by a key the widget makes once (32 random bytes, the shape the
// server issues) and keeps in this page's localStorage under the Tribune site's name; it goes in
// the X-Guest-Key header of every write, and of reads once it exists. No cookie is involved, so
// blocking third-party cookies changes nothing. A read without a key is a "simple" request: no
// preflight, one request for the comments.
(function (scope) {
  "use strict";
  // Which Tribune site: the one this script came from.
  var script = document.currentScript;
  var site = new URL(script ? script.src : scope.site, location.href).origin;
  var memory = {};

  // localStorage when the browser allows it, else for this page view only.
  function stored(name, value) {
    var key = "tribune:" + site + ":" + name;
    try {
      if (value === undefined) return localStorage.getItem(key) || memory[key];
      localStorage.setItem(key, value);
    } catch (error) {
      if (value === undefined) return memory[key];
    }
    memory[key] = value;
  }

  function guestKey(make) {
    var key = stored("guest");
    if (!key && make) {
      var bytes = crypto.getRandomValues(new Uint8Array(32));
      key = btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      stored("guest", key);
    }
    return key;
  }

  // Resolve with the API's JSON answer, or reject with an Error holding its message, `status`
  // and `code` (no status: no answer came).
  function call(path, method, body) {
    var headers = { Accept: "application/json" };
    var key = guestKey(Boolean(method));
    if (key) headers["X-Guest-Key"] = key;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(site + "/api/v1/" + path, {
      method: method || "GET", headers: headers, credentials: "omit",
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) return data;
        var error = new Error(data.message || response.statusText);
        error.status = response.status;
        error.code = data.code;
        throw error;
      });
    }, function () {
      throw new Error(scope.t("offline"));
    });
  }

  scope.api = { call: call, site: site, stored: stored };
})(this);
