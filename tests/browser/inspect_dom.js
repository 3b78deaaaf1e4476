// Runs in the page: what member content left in the DOM that could run script or
// restyle the page. Returns a list of problems (empty when the page is safe).
() => {
  const problems = [];
  const show = (element) => element.outerHTML.slice(0, 120);
  const dangerous = "script, style, iframe, object, embed, form, input, button, meta, base,"
    + " link, svg, math, img, video, audio, source, textarea, select, frame, frameset";
  for (const body of document.querySelectorAll(".post-body")) {
    for (const element of body.querySelectorAll(dangerous)) {
      problems.push("element in a post: " + show(element));
    }
    for (const element of body.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)
            || ["style", "srcdoc", "formaction"].includes(attribute.name)) {
          problems.push("attribute in a post: " + show(element));
        }
      }
      if (element.hasAttribute("href")) {
        // The browser's own reading of the address, after entities and whitespace.
        const protocol = new URL(element.getAttribute("href"), location.href).protocol;
        if (!["http:", "https:", "mailto:"].includes(protocol)) {
          problems.push("link in a post: " + show(element));
        }
      }
    }
  }
  // The whole page: only our own scripts, and no event handler attribute anywhere.
  for (const script of document.scripts) {
    if (!script.src.startsWith(location.origin + "/static/")) {
      problems.push("script: " + show(script));
    }
  }
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) problems.push("handler: " + show(element));
    }
  }
  for (const element of document.querySelectorAll("svg, math, iframe, object, embed, base")) {
    problems.push("element in the page: " + show(element));
  }
  return problems;
}
