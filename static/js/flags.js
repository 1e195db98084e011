// The annotate page's flags bar: look-alike letters are marked quietly until the editor asks
// to see every mark. The choice is remembered per browser and survives htmx swaps of the text
// (the class sits on the page container, not on the swapped #article-text).
(function () {
  "use strict";
  const KEY = "claims.showLookalike";

  function apply(show) {
    const page = document.getElementById("annotate-page");
    const button = document.getElementById("lookalike-toggle");
    if (!page) return;
    page.classList.toggle("show-lookalike", show);
    if (button) {
      button.setAttribute("aria-pressed", show ? "true" : "false");
      button.textContent = show ? "Mark quietly" : "Show every mark";
    }
  }

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === "1";
    } catch (e) {
      return false;
    }
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-action=toggle-lookalike]");
    if (!button) return;
    const show = button.getAttribute("aria-pressed") !== "true";
    try {
      window.localStorage.setItem(KEY, show ? "1" : "0");
    } catch (e) {
      /* private mode: the choice lasts for this page only */
    }
    apply(show);
  });

  document.addEventListener("DOMContentLoaded", function () {
    apply(stored());
  });
})();
