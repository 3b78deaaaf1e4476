// The reader's own time zone, from the browser, where they have not chosen one:
// - on a settings form, the time zone list starts at it (saving keeps it);
// - for pages, it is remembered in the `tz` cookie, which the server reads to show dates
//   in the reader's time (a chosen zone, or a member's saved one, wins).
// Without this script, the site's time zone is used.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) {
    return;
  }
  document.querySelectorAll("select[data-browser-time-zone]").forEach(function (select) {
    var known = Array.prototype.some.call(select.options, function (option) {
      return option.value === zone;
    });
    if (select.value === "" && known) {
      select.value = zone;
    }
  });
  if (!/(^|;\s*)tz=/.test(document.cookie)) {
    document.cookie =
      "tz=" + zone + "; path=/; max-age=31536000; samesite=lax" +
      (location.protocol === "https:" ? "; secure" : "");
  }
})();
