// "Report" in the embedded comment section (embed.js; moderation/apps.py adds it to the widget):
// the comment's Report link opens the report form (the part's <template>) under the comment,
// and the form goes to POST /api/v1/comments/{id}/report. On Tribune's own pages report_page.js
// does the same.
(function (scope) {
  "use strict";
  (scope.parts = scope.parts || []).push(function (root, tools) {
    root.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      var item = link && link.closest("[data-comment]");
      if (!item || link.getAttribute("href") !== tools.address("report", item.getAttribute("data-comment"))) return;
      event.preventDefault();
      tools.panel(item, "report");
    });
    root.addEventListener("submit", function (event) {
      var box = event.target.closest('[data-panel-kind="report"]');
      if (!box) return;
      event.preventDefault();
      var item = box.closest("[data-comment]");
      var chosen = box.querySelector("[name=reason]:checked");
      tools.call("comments/" + item.getAttribute("data-comment") + "/report", "POST", {
        reason: chosen ? chosen.value : "", note: box.querySelector("[name=note]").value,
      }).then(function () {
        box.replaceWith(tools.message(box.getAttribute("data-done")));
      }, function (error) {
        tools.showError(box.querySelector("[data-form-errors]"), error.message);
      });
    });
  });
})(this);
