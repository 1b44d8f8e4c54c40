// "Click to see full-size image": open the original in a modal dialog instead of leaving the page.
// Without JavaScript (or without <dialog>) the link simply opens the original file.
// The dialog is modal (the page behind is inert), Esc and the Close button close it, and focus
// goes back to the link that opened it.
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function") return;

  document.querySelectorAll("figure[data-lightbox]").forEach(function (figure) {
    var links = figure.querySelectorAll("a.lead-image__full, a.lead-image__frame");
    var dialog = null;
    var opener = null;

    function build(href) {
      dialog = document.createElement("dialog");
      dialog.className = "lightbox";
      dialog.setAttribute("aria-label", figure.dataset.lightboxLabel);
      var close = document.createElement("button");
      close.type = "button";
      close.className = "lightbox__close";
      close.textContent = figure.dataset.lightboxClose;
      close.autofocus = true;
      close.addEventListener("click", function () { dialog.close(); });
      var img = document.createElement("img");
      img.className = "lightbox__image";
      img.alt = (figure.querySelector("img") || {}).alt || "";
      img.src = href;
      var original = document.createElement("a");
      original.className = "lightbox__original";
      original.href = href;
      original.textContent = figure.dataset.lightboxOriginal;
      var caption = figure.querySelector("figcaption span");
      dialog.append(close, img);
      if (caption) {
        var text = document.createElement("p");
        text.className = "lightbox__caption";
        text.textContent = caption.textContent;
        dialog.append(text);
      }
      dialog.append(original);
      // A click on the backdrop (outside the picture and the controls) closes it too.
      dialog.addEventListener("click", function (event) {
        if (event.target === dialog) dialog.close();
      });
      dialog.addEventListener("close", function () {
        if (opener) opener.focus();
      });
      document.body.append(dialog);
    }

    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        // The picture itself is hidden from the keyboard; focus returns to the visible link.
        opener = figure.querySelector("a.lead-image__full");
        if (!dialog) build(link.href);
        dialog.showModal();
      });
    });
  });
})();
