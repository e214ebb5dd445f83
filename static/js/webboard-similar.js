// Similar questions under the title of a new thread: after a pause in
// typing, asks the form's data-similar-url for FAQ answers and threads the
// site search finds, and lists them. Without this file the form works the
// same, only without the list.
(() => {
  const form = document.querySelector("form[data-similar-url]");
  const title = form?.querySelector("input[name='title']");
  if (!title) return;
  const MIN_CHARS = 3;
  const PAUSE_MS = 400;
  const labels = { faq: form.dataset.similarFaq, thread: form.dataset.similarThread };
  const box = document.createElement("div");
  box.className = "wb-similar";
  box.id = "wb-similar";
  box.setAttribute("aria-live", "polite");
  title.insertAdjacentElement("afterend", box);
  let timer;
  let pending;
  let asked = "";

  const show = (results) => {
    box.replaceChildren();
    if (!results.length) return;
    const heading = document.createElement("h2");
    heading.textContent = form.dataset.similarHeading;
    const list = document.createElement("ul");
    for (const item of results) {
      if (typeof item.url !== "string" || !item.url.startsWith("/")) continue;
      const link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      link.target = "_blank"; // the question typed so far stays in this tab
      link.rel = "noopener";
      const kind = document.createElement("span");
      kind.className = "wb-similar-kind";
      kind.textContent = ` · ${labels[item.kind] || ""}`;
      const row = document.createElement("li");
      row.append(link, kind);
      list.append(row);
    }
    box.append(heading, list);
  };

  const ask = async () => {
    const text = title.value.trim();
    if (text === asked) return;
    asked = text;
    pending?.abort();
    if (text.length < MIN_CHARS) {
      show([]);
      return;
    }
    pending = new AbortController();
    const url = new URL(form.dataset.similarUrl, window.location.href);
    url.searchParams.set("q", text);
    try {
      const response = await fetch(url, {
        signal: pending.signal,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return; // rate-limited or failing: keep what is shown
      show((await response.json()).results || []);
    } catch {
      // Aborted by newer typing, or offline: the form works without the list.
    }
  };

  title.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(ask, PAUSE_MS);
  });
})();
