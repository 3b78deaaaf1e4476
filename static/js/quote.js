// Quote only what is selected: when text inside a post is selected and that post's
// "Quote" is followed, the selection goes with it. The server quotes it only if it is
// really the post's text; without this script, Quote takes the whole post.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-quote]");
  if (!link) return;
  const body = link.closest("article.post")?.querySelector(".post-body");
  const selection = window.getSelection();
  const text = selection ? selection.toString().trim() : "";
  if (!body || !text || !body.contains(selection.anchorNode)) return;
  event.preventDefault();
  const url = new URL(link.href, window.location.href);
  url.searchParams.set("selection", text.slice(0, 5000));
  window.location.assign(url.toString());
});
