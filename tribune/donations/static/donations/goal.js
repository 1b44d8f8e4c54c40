/* Tribune's goal meter for other sites. On a page of a host allowed to embed (the site's
   DISCUSSION_EMBED_HOSTS):

     <div data-tribune-goal="campaign-slug"></div>
     <script src="https://news.example.org/static/donations/goal.js" async></script>

   Each such element gets the campaign's live meter and its call to give, drawn in a shadow root
   so that the host's styles and ours leave each other alone. The script defines no global name,
   asks only the site it was loaded from (its JSON API, without cookies) and loads nothing else:
   no font, no image, no other site. It writes no style attribute and no inline style element
   unless the browser lacks constructable style sheets, so a host's strict Content-Security-Policy
   needs only this site in script-src and connect-src. Figures refresh every minute while the page
   is shown. Colours follow the host's text; --tribune-goal-accent and --tribune-goal-track on the
   element change the bar's. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var SLUG = /^[-A-Za-z0-9_]{1,100}$/;
  var SVG = "http://www.w3.org/2000/svg";
  var REFRESH_MS = 60000;
  var CSS = [
    ":host{display:block;color:inherit;font:inherit;line-height:1.4}",
    ".goal{border:1px solid color-mix(in srgb,currentColor 20%,transparent);border-radius:6px;padding:.9rem 1rem}",
    ".name{margin:0 0 .5rem;font-weight:700;font-size:.9em}",
    ".name a{color:inherit;text-decoration:none}",
    ".name a:hover{text-decoration:underline}",
    ".track{display:block;width:100%;height:.8rem;border-radius:999px;overflow:hidden;",
    "background:var(--tribune-goal-track,color-mix(in srgb,currentColor 15%,transparent))}",
    ".fill{fill:var(--tribune-goal-accent,#a4161a)}",
    ".reached .fill{fill:var(--tribune-goal-reached,#1f7a3a)}",
    ".scale{display:flex;justify-content:space-between;margin:.3rem 0 0;font-size:.8em;opacity:.75;",
    "font-variant-numeric:tabular-nums}",
    ".raised{margin:.35rem 0 0}",
    ".amount{font-size:1.25em;font-variant-numeric:tabular-nums}",
    ".status{opacity:.8}",
    ".note{margin:.5rem 0 0;font-size:.9em}",
    ".give{display:flex;flex-wrap:wrap;gap:.5rem .9rem;align-items:center;margin:.75rem 0 0}",
    ".give span{flex:1 1 12rem}",
    ".button{display:inline-block;padding:.55rem 1rem;border-radius:6px;font-weight:700;text-decoration:none;",
    "background:var(--tribune-goal-accent,#a4161a);color:var(--tribune-goal-button-text,#fff)}",
    ".button:focus-visible,.name a:focus-visible{outline:3px solid #1d5fd6;outline-offset:2px}"
  ].join("");
  var sheet = null;

  function styles(root) {
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      }
      root.adoptedStyleSheets = [sheet];
    } catch (error) {
      var style = document.createElement("style");
      style.textContent = CSS;
      root.appendChild(style);
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function link(url, className, text) {
    var a = el("a", className, text);
    // Only a link back to the site itself: never a script URL from an answer.
    if (new URL(url, origin).origin === origin) a.href = url;
    a.target = "_top";
    return a;
  }

  function render(host, data) {
    var root = host.shadowRoot || host.attachShadow({ mode: "open" });
    var labels = data.labels || {};
    var box = el("section", "goal" + (data.raised_minor >= data.target_minor ? " reached" : ""));
    box.setAttribute("aria-label", data.name);
    var name = el("p", "name");
    name.appendChild(link(data.url, "", data.name));
    box.appendChild(name);

    var meter = el("div", "meter");
    meter.setAttribute("role", "meter");
    meter.setAttribute("aria-label", data.name);
    meter.setAttribute("aria-valuemin", "0");
    meter.setAttribute("aria-valuemax", String(data.target_minor));
    meter.setAttribute("aria-valuenow", String(Math.max(0, Math.min(data.raised_minor, data.target_minor))));
    meter.setAttribute("aria-valuetext", labels.summary || "");
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "track");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var fill = document.createElementNS(SVG, "rect");
    fill.setAttribute("class", "fill");
    fill.setAttribute("width", Math.max(0, Math.min(100, Number(data.fill_percent) || 0)) + "%");
    fill.setAttribute("height", "100%");
    svg.appendChild(fill);
    meter.appendChild(svg);
    var scale = el("p", "scale");
    scale.setAttribute("aria-hidden", "true");
    [labels.zero, labels.half, labels.goal].forEach(function (text) { scale.appendChild(el("span", "", text)); });
    meter.appendChild(scale);
    box.appendChild(meter);

    var raised = el("p", "raised");
    raised.appendChild(el("strong", "amount", labels.raised));
    raised.appendChild(document.createTextNode(" "));
    raised.appendChild(el("span", "status", labels.status));
    box.appendChild(raised);
    if (labels.result) box.appendChild(el("p", "note", labels.result));
    if (labels.dates) box.appendChild(el("p", "note", labels.dates));

    var give = el("p", "give");
    if (data.state === "open") {
      if (data.cta_text) give.appendChild(el("span", "", data.cta_text));
      give.appendChild(link(data.url, "button", data.cta_label));
      box.appendChild(give);
    }
    root.replaceChildren(box);
    styles(root);
    host.setAttribute("data-tribune-goal-ready", "");
  }

  function load(host) {
    var slug = host.getAttribute("data-tribune-goal") || "";
    if (!SLUG.test(slug)) return;
    fetch(origin + "/api/v1/campaigns/" + slug + "/goal", { credentials: "omit", mode: "cors" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.labels) render(host, data); })
      .catch(function () { /* the host's own content stays as it was */ });
  }

  function loadAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tribune-goal]"), load);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", loadAll);
  else loadAll();
  setInterval(function () { if (!document.hidden) loadAll(); }, REFRESH_MS);
})();
