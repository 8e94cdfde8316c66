// The public page's self-check, run in the user's browser: is this device online, can it reach StatusBoard, and
// what is the verdict for the user's own region and app version. The server never fetches anything for it.
(() => {
  const section = document.querySelector(".selfcheck");
  if (!section) return;
  const texts = JSON.parse(section.dataset.texts || "{}");
  const form = section.querySelector(".selfcheck-form");
  const out = section.querySelector(".selfcheck-result");
  form.hidden = false;

  // Times in the user's own locale and time zone.
  for (const time of document.querySelectorAll("time[datetime]")) {
    const when = new Date(time.getAttribute("datetime"));
    if (!isNaN(when)) time.textContent = when.toLocaleString(document.documentElement.lang);
  }

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

  // The platform's public ping URL, reached from this browser only (the server never fetches it).
  async function ping() {
    const url = section.dataset.ping;
    if (!url) return undefined;
    const started = performance.now();
    try {
      await fetch(url, { cache: "no-store", mode: new URL(url, location.href).origin === location.origin ? "same-origin" : "no-cors" });
      return Math.round(performance.now() - started);
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
    const platform = await ping();
    if (platform !== undefined) {
      line(platform === null ? texts["selfcheck.ping.failed"] : texts["selfcheck.ping"].replace("{ms}", platform));
    }
    if (ms === null) return;

    const params = new URLSearchParams();
    const region = form.elements.region.value;
    const app = form.elements.app.value.trim();
    if (region) params.set("region", region);
    if (app) params.set("appVersion", app);
    try {
      const response = await fetch("/api/v1/verdict?" + params, { cache: "no-store" });
      if (!response.ok) return;
      const verdict = await response.json();
      const key = verdict.verdict === "regional" && region ? "verdict.regional.mine" : "verdict." + verdict.verdict;
      line(texts[key], "selfcheck-verdict verdict-" + verdict.verdict);
      line(texts["advice.heading"], "selfcheck-advice-heading");
      const list = document.createElement("ol");
      for (const advice of verdict.advice) {
        const item = document.createElement("li");
        item.textContent = texts["advice." + advice] || advice;
        list.appendChild(item);
      }
      out.appendChild(list);
    } catch {
      line(texts["selfcheck.unreachable"]);
    }
  }

  form.addEventListener("submit", check);
  if (new URLSearchParams(location.search).has("region")) check();
})();
