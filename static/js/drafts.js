// Drafts save themselves: a few seconds after typing stops, the form's text goes to its
// draft address (data-draft-url) and the status line says "Draft saved". Without this
// script, the form's "Save draft" button does the same.
const DELAY_MS = 3000;

document.querySelectorAll("form[data-draft-url]").forEach((form) => {
  const status = form.querySelector(".draft-status");
  let timer = null;
  const save = async () => {
    const data = new FormData(form);
    try {
      const response = await fetch(form.dataset.draftUrl, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (status) status.textContent = answer.message || "";
    } catch (error) {
      // Offline or refused: the text is still in the box, and the button still works.
    }
  };
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  });
});
