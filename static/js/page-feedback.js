// "Was this page useful?": answers in place instead of reloading the page,
// then offers a comment box. Without this file the same forms post normally
// and the server redirects back with a message.
const box = document.querySelector("[data-page-feedback]");
if (box) {
  const vote = box.querySelector("[data-vote]");
  const later = box.querySelector("[data-later]");
  const status = box.querySelector("[data-status]");
  box.classList.add("is-enhanced"); // the comment box comes after the answer instead

  const send = async (form, submitter) => {
    const data = new FormData(form, submitter);
    const buttons = form.querySelectorAll("button");
    buttons.forEach((button) => { button.disabled = true; });
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      status.textContent = (await response.json()).message;
      return response.status;
    } catch {
      status.textContent = box.dataset.offline;
      return 0;
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
    }
  };

  vote.addEventListener("submit", async (event) => {
    event.preventDefault();
    // 409: this browser answered before (perhaps in another tab) and may still add a comment.
    if ([200, 409].includes(await send(vote, event.submitter))) {
      vote.hidden = true;
      later.hidden = false;
    }
  });

  later.addEventListener("submit", async (event) => {
    event.preventDefault();
    if ((await send(later)) === 200) later.hidden = true;
  });
}
