// The donation form's amount: the preset buttons follow what the donor types in "Or another
// amount". Typing an amount that is a preset selects that button; any other amount clears them,
// so no button claims a gift the donor is not making. Choosing a preset empties the typed amount.
// Without JavaScript the typed amount wins on the server, as before.
(function () {
  "use strict";
  var form = document.querySelector(".donate-form");
  if (!form) return;
  var custom = form.querySelector("#id_custom_amount");
  var presets = Array.prototype.slice.call(form.querySelectorAll('input[name="amount"]'));
  if (!custom || !presets.length) return;
  var precision = parseInt(custom.getAttribute("data-precision") || "2", 10);
  var decimal = custom.getAttribute("data-decimal") || ".";

  // Return the typed amount in minor units (cents), or null: the site's decimal sign splits it,
  // any other separator is a thousands one ("1,000.50", "1 000,50" where the comma is decimal).
  function minorUnits(text) {
    if (!/^[0-9][0-9.,'\s\u00a0\u202f]*$/.test(text)) return null;
    var parts = text.split(decimal);
    if (parts.length > 2) return null;
    var whole = parts[0].replace(/[^0-9]/g, "");
    var fraction = parts.length === 2 ? parts[1].replace(/[\s\u00a0\u202f]/g, "") : "";
    if (!/^[0-9]*$/.test(fraction) || fraction.length > precision) return null;
    while (fraction.length < precision) fraction += "0";
    return parseInt(whole, 10) * Math.pow(10, precision) + (fraction ? parseInt(fraction, 10) : 0);
  }

  function follow() {
    var text = custom.value.trim();
    if (!text) return;
    var minor = minorUnits(text);
    presets.forEach(function (radio) {
      radio.checked = minor !== null && String(minor) === radio.value;
    });
  }

  custom.addEventListener("input", follow);
  presets.forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (radio.checked) custom.value = "";
    });
  });
  follow();
})();
