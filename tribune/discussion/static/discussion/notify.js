// "Follow without commenting" submits the comment form to another address. The page's
// comment script sends every submit of that form as a comment, so this button leaves
// through the browser's plain form submission instead (which fires no submit event).
(function () {
  "use strict";
  if (window.tribuneNotify) return;
  window.tribuneNotify = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-notify-follow]");
    if (!button || !button.form) return;
    event.preventDefault();
    button.form.setAttribute("action", button.getAttribute("formaction"));
    HTMLFormElement.prototype.submit.call(button.form);
  });
})();
