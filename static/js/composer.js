// The reply box, with scripts: a character count against the limit, and a live preview
// (the server renders it through the same markup module as posts; without scripts the
// "Preview" button does the same).
const PREVIEW_DELAY_MS = 1500;

document.querySelectorAll("form[data-draft-url]").forEach((form) => {
  const box = form.querySelector("textarea[name=body]");
  const count = form.querySelector(".char-count");
  const preview = form.querySelector(".reply-preview-live");
  const previewButton = form.querySelector("button[formaction$='/preview/']");
  if (!box) return;
  const showCount = () => {
    if (!count) return;
    const limit = Number(count.dataset.limit);
    count.textContent = `${box.value.length.toLocaleString()} / ${limit.toLocaleString()} ${count.dataset.label}`;
    count.classList.toggle("text-danger", box.value.length > limit);
  };
  let timer = null;
  const refresh = async () => {
    if (!preview || !previewButton || !box.value.trim()) return;
    try {
      const response = await fetch(previewButton.formAction, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (answer.html) {
        preview.innerHTML = answer.html; // rendered and sanitised by the server
        preview.hidden = false;
      }
    } catch (error) {
      // The preview is a help, not a need: the button still works.
    }
  };
  box.addEventListener("input", () => {
    showCount();
    clearTimeout(timer);
    timer = setTimeout(refresh, PREVIEW_DELAY_MS);
  });
  showCount();
});
