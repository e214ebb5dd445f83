// Dismiss a site-wide announcement without reloading the page. Without this
// file the same form posts normally and the server redirects back.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest(".announcement-dismiss");
  if (!form) return;
  event.preventDefault();
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    const banner = form.closest(".announcement");
    const wrapper = banner.parentElement;
    banner.remove();
    if (!wrapper.querySelector(".announcement")) wrapper.remove();
    document.getElementById("main")?.focus({ preventScroll: true });
  } catch {
    form.submit();
  }
});
