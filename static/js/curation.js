/*
 * Curation board keys: j/k (or arrows) move between units; on the focused unit a key
 * presses the button marked data-key (1-9 take, m merge, x leave out, s/n/q kind, e edit).
 * After a decision the board comes back from the server (htmx) and focus moves to the next
 * unit. In the editor Enter saves (the form's submit), Esc cancels, and "Use selection" turns
 * the text selected in its excerpt into offsets through ClaimSelection (selection.js, the one
 * place browser offsets become code points). No eval, no inline handlers.
 */
(function () {
  "use strict";

  function units() {
    return Array.prototype.slice.call(document.querySelectorAll("#curation-board .unit"));
  }

  function current() {
    var el = document.activeElement;
    return el && el.closest ? el.closest("#curation-board .unit") : null;
  }

  function focusUnit(unit) {
    if (!unit) return;
    unit.focus();
    unit.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var list = units();
    var index = list.indexOf(current());
    var next = index < 0 ? 0 : Math.max(0, Math.min(list.length - 1, index + step));
    focusUnit(list[next]);
  }

  var lastSpan = null;

  function editor() {
    return document.getElementById("curation-editor");
  }

  document.addEventListener("selectionchange", function () {
    var form = editor();
    var root = form && form.querySelector(".edit-text");
    var sel = window.getSelection();
    if (!root || !sel || sel.rangeCount === 0 || sel.isCollapsed || !window.ClaimSelection) return;
    var span = window.ClaimSelection.rangeToSpan(root, sel.getRangeAt(0), false);
    if (span) lastSpan = span;
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-use-selection]") : null;
    var form = editor();
    if (!button || !form || !lastSpan) return;
    var name = button.getAttribute("data-use-selection");
    form.querySelector('[name="' + name + '_start"]').value = lastSpan.start;
    form.querySelector('[name="' + name + '_end"]').value = lastSpan.end;
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var form = editor();
    if (form && event.key === "Escape") {
      event.preventDefault();
      form.querySelector('[data-edit="cancel"]').click();
      return;
    }
    if (form && target && form.contains(target)) return;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (!document.getElementById("curation-board")) return;
    if (event.key === "j" || event.key === "ArrowDown") { move(1); event.preventDefault(); return; }
    if (event.key === "k" || event.key === "ArrowUp") { move(-1); event.preventDefault(); return; }
    if (!/^[0-9a-z]$/.test(event.key)) return;
    var unit = current();
    if (!unit) return;
    var button = unit.querySelector('[data-key="' + event.key + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  // The board answers 400 (a field named) and 409 (someone changed it first) with itself,
  // errors inline: show it, as for 200.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var status = e.detail.xhr.status;
    var target = e.detail.target;
    if (target && target.id === "curation-board" && (status === 400 || status === 409)) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    var board = document.getElementById("curation-board");
    lastSpan = null;
    var form = editor();
    if (form) {
      var first = form.querySelector("[aria-invalid=true]") || form.querySelector("select, input[type=number]");
      if (first) first.focus();
      return;
    }
    if (!board || !board.dataset.focus) return;
    var number = parseInt(board.dataset.focus, 10);
    var list = units();
    var index = -1;
    for (var i = 0; i < list.length; i++) {
      if (parseInt(list[i].dataset.unit, 10) === number) index = i;
    }
    if (index < 0) return;
    if (board.dataset.advance === "true" && index < list.length - 1) index += 1;
    focusUnit(list[index]);
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (!current()) focusUnit(units()[0]);
  });
})();
