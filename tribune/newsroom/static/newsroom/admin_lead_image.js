// The article form's lead image: a file chosen to upload shows at once where the current lead
// image shows, so the editor sees what readers will before saving. Read as a data: URL, which the
// site's Content-Security-Policy allows for images.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-lead-image-input]")) return;
    var preview = document.querySelector("[data-lead-image-preview]");
    var file = input.files && input.files[0];
    if (!preview || !file || !/^image\//.test(file.type)) return;
    var reader = new FileReader();
    reader.onload = function () {
      preview.src = reader.result;
      preview.hidden = false;
      var none = document.querySelector("[data-lead-image-none]");
      if (none) none.hidden = true;
    };
    reader.readAsDataURL(file);
  });
})();
