// The print page's "Print" button: shown only when scripts run (without them, the page
// says to use the browser's own Print command).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
