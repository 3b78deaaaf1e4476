// The menu button at phone width: opens and folds the navigation (Bootstrap's
// `.collapse` and `.show` classes, without its 80 KB script). Without scripts the menu
// stays open (css/noscript.css).
(function () {
  "use strict";
  var button = document.querySelector(".navbar-toggler[aria-controls]");
  if (!button) return;
  var menu = document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  function set(open) {
    menu.classList.toggle("show", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.addEventListener("click", function () {
    set(!menu.classList.contains("show"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.classList.contains("show")) {
      set(false);
      button.focus();
    }
  });
})();
