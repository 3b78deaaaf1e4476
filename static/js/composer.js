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
  // The personal-data check while typing: the server's own rules, from the preview's
  // answer (sending the reply asks again, with or without scripts).
  const personal = form.querySelector(".personal-data-live");
  const showPersonalData = (found) => {
    if (!personal) return;
    personal.querySelector("ul").replaceChildren(
      ...found.map((item) => {
        const line = document.createElement("li");
        const label = document.createElement("strong");
        label.textContent = item.label.charAt(0).toUpperCase() + item.label.slice(1);
        const excerpt = document.createElement("span");
        excerpt.innerHTML = item.excerpt; // escaped by the server, <mark> only
        line.append(label, ": ", excerpt);
        return line;
      }),
    );
    personal.hidden = found.length === 0;
  };
  let timer = null;
  const refresh = async () => {
    if (!preview || !previewButton) return;
    if (!box.value.trim()) {
      showPersonalData([]);
      return;
    }
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
      showPersonalData(answer.personal_data || []);
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

// @mention suggestions: after "@" and two letters, names of members who posted where the
// reader can read; choosing one completes the name. Without scripts, typing the whole
// name does the same.
const MENTION = /(?:^|\s)@([^\s@][^@\n]{1,39})$/;

document.querySelectorAll(".mention-suggestions").forEach((panel) => {
  const form = panel.closest("form");
  const box = form && form.querySelector("textarea[name=body]");
  const list = panel.querySelector("ul");
  if (!box || !list) return;
  let timer = null;
  const typed = () => {
    const found = MENTION.exec(box.value.slice(0, box.selectionStart));
    return found ? found[1] : "";
  };
  const choose = (name) => {
    const before = box.value.slice(0, box.selectionStart);
    const start = before.lastIndexOf("@") + 1;
    box.value = box.value.slice(0, start) + name + " " + box.value.slice(box.selectionStart);
    const caret = start + name.length + 1;
    box.setSelectionRange(caret, caret);
    panel.hidden = true;
    box.focus();
  };
  const suggest = async () => {
    const text = typed();
    if (text.length < 2) {
      panel.hidden = true;
      return;
    }
    try {
      const url = new URL(panel.dataset.url, window.location.href);
      url.searchParams.set("q", text);
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const answer = await response.json();
      list.replaceChildren(
        ...answer.names.map((name) => {
          const item = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.className = "btn btn-sm btn-outline-primary";
          button.textContent = "@" + name;
          button.addEventListener("click", () => choose(name));
          item.append(button);
          return item;
        }),
      );
      panel.hidden = answer.names.length === 0;
    } catch (error) {
      panel.hidden = true;
    }
  };
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 300);
  });
});
