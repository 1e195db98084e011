/*
 * Review desk pages (review queue, my queue, history): keyboard only is enough.
 * Review queue: j/k move, a approve, r reject (comment box; Enter sends, Esc closes),
 * x select, A approve selected, h history. My queue: n opens the next unfinished article.
 * No inline handlers (CSP): everything is delegated from document here.
 */
(function () {
  "use strict";

  function isTyping(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable ||
      (tag === "INPUT" && !/^(radio|checkbox|button|submit|hidden)$/.test(el.type));
  }

  function items() { return Array.prototype.slice.call(document.querySelectorAll(".review-item")); }

  function current() {
    var el = document.activeElement;
    return el && el.closest ? el.closest(".review-item") : null;
  }

  function focusItem(item) {
    if (!item) return;
    item.focus();
    item.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var list = items();
    if (!list.length) return;
    var i = list.indexOf(current());
    focusItem(list[Math.max(0, Math.min(list.length - 1, i < 0 ? 0 : i + step))]);
  }

  function within(item, what) { return item ? item.querySelector('[data-review="' + what + '"]') : null; }

  function openReject(item) {
    if (!item) return;
    var box = item.querySelector(".reject-box");
    if (!box) return;
    box.hidden = false;
    within(item, "comment").focus();
  }

  function reviewKey(e) {
    var item = current();
    if (e.target && e.target.dataset && e.target.dataset.review === "comment") {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        within(item, "reject").click();
      } else if (e.key === "Escape") {
        e.target.closest(".reject-box").hidden = true;
        focusItem(item);
      }
      return;
    }
    if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    var button = null;
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": button = within(item, "approve"); break;
      case "r": openReject(item); break;
      case "x": button = within(item, "select"); break;
      case "h": button = within(item, "history"); break;
      case "A": button = document.querySelector('[data-review="bulk"]'); break;
      default: return;
    }
    e.preventDefault();
    if (button) button.click();
  }

  function queueKey(e) {
    if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    var target = document.querySelector('[data-key="' + e.key + '"]');
    if (target) { e.preventDefault(); target.click(); }
  }

  document.addEventListener("keydown", function (e) {
    var page = document.querySelector("[data-keys]");
    if (!page) return;
    if (page.dataset.keys === "review") reviewKey(e); else queueKey(e);
  });

  document.addEventListener("htmx:beforeSwap", function (e) {
    var status = e.detail.xhr.status;
    if (status === 400 || status === 409) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });

  // After a decision the next item takes the focus; after an error the comment box does.
  document.addEventListener("htmx:afterSwap", function (e) {
    var item = e.detail.target && e.detail.target.id ? document.getElementById(e.detail.target.id) : null;
    if (!item || !item.classList.contains("review-item")) return;
    if (e.detail.xhr.status === 200) {
      var list = items();
      focusItem(list[list.indexOf(item) + 1] || item);
    } else if (item.querySelector(".reject-box:not([hidden])")) {
      within(item, "comment").focus();
    } else {
      focusItem(item);
    }
  });
})();
