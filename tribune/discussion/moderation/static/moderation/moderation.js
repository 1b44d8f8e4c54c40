// The moderation queue with the keyboard: j / k (or arrows) move between comments, a approves,
// r rejects, s marks as spam, x selects for the bulk buttons. Decisions are sent with fetch and the
// comment leaves the queue in place; without JavaScript every button is a plain form.
(function () {
  "use strict";
  var list = document.querySelector("[data-queue]");
  if (!list || !window.fetch) return;

  function items() { return Array.prototype.slice.call(list.querySelectorAll("[data-queue-item]")); }

  function current() {
    var active = document.activeElement && document.activeElement.closest("[data-queue-item]");
    return active || null;
  }

  function move(step) {
    var all = items();
    if (!all.length) return;
    var index = all.indexOf(current());
    var next = all[Math.max(0, Math.min(all.length - 1, index === -1 ? 0 : index + step))];
    next.focus();
  }

  function decide(form, action) {
    var body = new FormData(form);
    body.set("action", action);
    // form.action would name the buttons called "action"; read the attribute.
    return fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) { return response.json(); }).then(function (data) {
      showCounts(data.counts);
      if (!data.ok) { announce(data.message); return; }
      data.ids.forEach(function (id) {
        var item = list.querySelector('[data-queue-item="' + id + '"]');
        if (!item) return;
        var all = items();
        var after = all[all.indexOf(item) + 1] || all[all.indexOf(item) - 1];
        var hadFocus = item.contains(document.activeElement);
        item.remove();
        if (hadFocus && after) after.focus();
      });
      announce(data.message);
    });
  }

  // Each queue's count beside its name, as the server counted after the decision (other
  // moderators' decisions included).
  function showCounts(counts) {
    if (!counts) return;
    Object.keys(counts).forEach(function (name) {
      var pill = document.querySelector('[data-count="' + name + '"]');
      if (pill) pill.textContent = counts[name];
    });
  }

  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  list.before(live);
  function announce(message) { live.textContent = message; }

  list.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-decide]");
    if (!form) return;
    event.preventDefault();
    decide(form, event.submitter.value);
  });

  var bulk = document.querySelector("[data-bulk]");
  if (bulk) {
    bulk.addEventListener("submit", function (event) {
      event.preventDefault();
      decide(bulk, event.submitter.value);
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { event.preventDefault(); move(1); return; }
    if (key === "k" || key === "ArrowUp") { event.preventDefault(); move(-1); return; }
    var item = current();
    if (!item) return;
    if (key === "x") {
      var box = item.querySelector("[data-select]");
      box.checked = !box.checked;
      return;
    }
    var actions = { a: "approve", r: "reject", s: "spam" };
    if (actions[key]) {
      event.preventDefault();
      decide(item.querySelector("[data-decide]"), actions[key]);
    }
  });

  if (items().length) items()[0].focus();
})();
