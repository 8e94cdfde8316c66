/*
 * StatusBoard banner for a wallet's own pages. One tag:
 *   <script src="https://status.example.com/banner.js" data-lang="zh-CN" async></script>
 * Options (attributes of the tag): data-lang ("en" or "zh-CN"; default from the browser), data-show ("always" to show
 * it when all is well too), data-target (a CSS selector to put it in; default: the top of the page).
 * It reads /api/v1/banner, sends no cookies, writes text only (never HTML), and refreshes every minute.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) { return; }
  var base = new URL(script.src, document.baseURI).origin;
  var lang = script.getAttribute("data-lang") || ((navigator.language || "").toLowerCase().indexOf("zh") === 0 ? "zh-CN" : "en");
  var always = script.getAttribute("data-show") === "always";
  var colors = { none: "#1f7a4a", minor: "#9a6a00", major: "#b4471d", critical: "#b3261e", maintenance: "#1f5fa8" };
  var host = document.createElement("div");
  host.setAttribute("data-statusboard-banner", "");
  host.hidden = true;
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var box = document.createElement("div");
  box.setAttribute("role", "status");
  box.style.cssText = "font:14px/1.4 system-ui,sans-serif;color:#fff;padding:8px 14px;display:flex;gap:10px;flex-wrap:wrap;align-items:center";
  root.appendChild(box);

  function place() {
    var target = script.getAttribute("data-target") && document.querySelector(script.getAttribute("data-target"));
    if (target) { target.appendChild(host); } else { document.body.insertBefore(host, document.body.firstChild); }
  }

  function span(text, bold) {
    var element = document.createElement(bold ? "strong" : "span");
    element.textContent = text;
    return element;
  }

  function render(banner) {
    if (!banner) { return; }
    var quiet = banner.indicator === "none" && !banner.incident && !banner.maintenance;
    host.hidden = quiet && !always;
    host.setAttribute("data-indicator", banner.indicator);
    var level = banner.indicator === "none" && banner.maintenance ? "maintenance" : banner.indicator;
    box.style.background = colors[level] || colors.major;
    box.textContent = "";
    box.appendChild(span(banner.text, true));
    if (banner.incident) { box.appendChild(span(banner.incident.title + " · " + banner.incident.status)); }
    if (banner.maintenance) { box.appendChild(span(banner.maintenance.title)); }
    var link = document.createElement("a");
    link.textContent = banner.more;
    link.href = banner.incident ? banner.incident.url : banner.url;
    link.style.cssText = "color:#fff;text-decoration:underline;margin-left:auto";
    link.rel = "noopener";
    box.appendChild(link);
  }

  function load() {
    fetch(base + "/api/v1/banner?lang=" + encodeURIComponent(lang), { credentials: "omit", mode: "cors" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(render)
      .catch(function () { /* the status service itself unreachable: show nothing rather than a broken banner */ });
  }

  if (document.body) { place(); } else { document.addEventListener("DOMContentLoaded", place); }
  load();
  setInterval(load, 60000);
})();
