// The public pages' script, run in the user's browser: times in the reader's own zone, and the self-check — is this
// device online, can it reach StatusBoard, and what is the verdict for the user's own region and app version. The
// server never fetches anything for it.
(() => {
  // Times come in the page's zone, named (北京时间); a reader whose own zone is another one sees them in that zone.
  for (const time of document.querySelectorAll("time[datetime][data-offset]")) {
    const when = new Date(time.getAttribute("datetime"));
    if (isNaN(when) || -when.getTimezoneOffset() === Number(time.dataset.offset)) continue;
    time.textContent = when.toLocaleString(document.documentElement.lang, {
      year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false, timeZoneName: "short",
    });
  }

  const section = document.querySelector(".selfcheck");
  if (!section) return;
  const texts = JSON.parse(section.dataset.texts || "{}");
  const form = section.querySelector(".selfcheck-form");
  const out = section.querySelector(".selfcheck-result");
  form.hidden = false;

  const line = (text, cls) => {
    const p = document.createElement("p");
    if (cls) p.className = cls;
    p.textContent = text; // never innerHTML: nothing from the network becomes markup
    out.appendChild(p);
  };

  async function roundTrip() {
    const started = performance.now();
    try {
      const response = await fetch("/healthz", { cache: "no-store" });
      return response.ok ? Math.round(performance.now() - started) : null;
    } catch {
      return null;
    }
  }

  // The platform's public ping URL, reached from this browser only (the server never fetches it). The sandbox's ping
  // plays the sandbox's faults for the chosen region, so it fails when the demo platform does.
  async function ping(region) {
    let url = section.dataset.ping;
    if (!url) return undefined;
    if (region && section.dataset.pingRegional === "true") url += (url.includes("?") ? "&" : "?") + "region=" + encodeURIComponent(region);
    const sameOrigin = new URL(url, location.href).origin === location.origin;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 5000);
    const started = performance.now();
    try {
      const response = await fetch(url, { cache: "no-store", mode: sameOrigin ? "same-origin" : "no-cors", signal: abort.signal });
      // Another origin's answer is opaque: that it came at all is what can be known.
      if (sameOrigin && !response.ok) return null;
      return Math.round(performance.now() - started);
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  // The same choice of sentence as the page's own verdict panel (PublicTexts.VerdictKey).
  function verdictKey(verdict, mine) {
    const slow = verdict.impact === "slow" ? ".slow" : "";
    switch (verdict.verdict) {
      case "platform-wide": return "verdict.platform-wide" + slow;
      case "regional": return "verdict.regional" + (mine ? ".mine" : "") + slow;
      case "unknown": return verdict.reasons.includes("region-blind") ? "verdict.unknown.mine" : "verdict.unknown";
      case "local": return verdict.reasons.includes("failing-elsewhere") ? "verdict.local.elsewhere" : "verdict.local";
      default: return "verdict." + verdict.verdict;
    }
  }

  async function verdictFor(region, app) {
    const params = new URLSearchParams();
    if (region) params.set("region", region);
    if (app) params.set("appVersion", app);
    try {
      const response = await fetch("/api/v1/verdict?" + params, { cache: "no-store" });
      return response.ok ? await response.json() : null;
    } catch {
      return null;
    }
  }

  async function check(event) {
    if (event) event.preventDefault();
    out.replaceChildren();
    line(navigator.onLine ? texts["selfcheck.online"] : texts["selfcheck.offline"]);
    const ms = await roundTrip();
    line(ms === null ? texts["selfcheck.unreachable"] : texts["selfcheck.roundtrip"].replace("{ms}", ms));
    const region = form.elements.region.value;
    const app = form.elements.app.value.trim();
    const [platform, verdict] = await Promise.all([ping(region), ms === null ? null : verdictFor(region, app)]);

    // The device's own reach of the platform, said together with what the probes see when the two disagree.
    if (platform !== undefined) {
      const outage = verdict && (verdict.verdict === "platform-wide" || verdict.verdict === "regional") && verdict.impact === "outage";
      const healthy = verdict && verdict.verdict === "local" && region;
      if (platform !== null && outage) line(texts["selfcheck.ping.but-outage"].replace("{ms}", platform), "selfcheck-ping selfcheck-disagrees");
      else if (platform === null && healthy) line(texts["selfcheck.ping.but-healthy"], "selfcheck-ping selfcheck-disagrees");
      else line(platform === null ? texts["selfcheck.ping.failed"] : texts["selfcheck.ping"].replace("{ms}", platform), "selfcheck-ping");
    }
    if (ms === null) return;
    if (!verdict) {
      line(texts["selfcheck.unreachable"]);
      return;
    }

    line(texts[verdictKey(verdict, !!region)], "selfcheck-verdict verdict-" + verdict.verdict);
    line(texts["advice.heading"], "selfcheck-advice-heading");
    const list = document.createElement("ol");
    for (const advice of verdict.advice) {
      const item = document.createElement("li");
      item.textContent = texts["advice." + advice] || advice;
      list.appendChild(item);
    }
    out.appendChild(list);
  }

  form.addEventListener("submit", check);
  if (new URLSearchParams(location.search).has("region")) check();
})();
