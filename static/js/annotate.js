/*
 * The annotation workspace: mouse and keyboard selection -> the claim editor (an htmx
 * partial), the source picker listbox, keyboard shortcuts, the help dialog and toasts.
 * Offsets come only from ClaimSelection (selection.js). No eval, no inline handlers: every
 * listener is attached here, delegated from document so swapped-in fragments just work.
 */
(function () {
  "use strict";

  var page, sel;
  var kb = null; // keyboard selection {start, end} inside the focused sentence
  var pending = null; // last mouse/keyboard selection while the editor was open
  var lastSentence = null;

  function $(id) { return document.getElementById(id); }
  function textRoot() { return $("article-text"); }
  function editorForm() { return $("editor-form"); }

  // A just-swapped form may not be wired to htmx until its settle step; process it first so
  // a quick Enter posts it through htmx instead of submitting it natively (a GET).
  function submitEditor() {
    var form = editorForm();
    htmx.process(form);
    form.requestSubmit();
  }
  function sentences() { return Array.prototype.slice.call(document.querySelectorAll("#article-text .sentence")); }

  function isTyping(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable ||
      (tag === "INPUT" && !/^(radio|checkbox|button|submit|hidden)$/.test(el.type));
  }

  function claimUrl(id) { return page.dataset.claimUrl.replace(/\/0\/$/, "/" + id + "/"); }

  function loadEditor(url) {
    return htmx.ajax("GET", url, { target: "#editor", swap: "outerHTML" });
  }

  function openNew(span) {
    if (!span || page.dataset.canAnnotate !== "true") return;
    kb = null;
    pending = null;
    loadEditor(page.dataset.newUrl + "?start=" + span.start + "&end=" + span.end);
  }

  function openClaim(id) { if (id) loadEditor(claimUrl(id)); }

  function editorOpen() { return !!editorForm() || !!document.querySelector("#editor[data-claim]"); }

  var placeholder = null; // the empty editor as first rendered; Esc puts it back

  function closeEditor() {
    var editor = $("editor");
    if (!editor || !placeholder) return;
    editor.replaceWith(placeholder.cloneNode(true));
    pending = null;
    document.querySelectorAll("#article-text .selected-claim").forEach(function (r) { r.classList.remove("selected-claim"); });
    var back = lastSentence && $(lastSentence);
    if (back) back.focus({ preventScroll: true }); else if (textRoot()) textRoot().focus({ preventScroll: true });
  }

  function showHint(span) {
    var hint = $("selection-hint");
    if (!hint) return;
    if (!span) { hint.hidden = true; return; }
    hint.hidden = false;
    $("selection-hint-text").textContent = "Selected “" + span.text + "”: press c for the cue, m for the source mention, or";
  }

  function currentSelection() {
    var root = textRoot();
    return (root && sel.currentSpan(root)) || pending;
  }

  function setSpanField(prefix, span) {
    var start = $(prefix + "-start"), end = $(prefix + "-end"), text = $(prefix + "-text");
    if (!start) return;
    start.value = span ? span.start : "";
    end.value = span ? span.end : "";
    text.textContent = span ? span.text : "—";
    text.classList.toggle("set", !!span);
  }

  /* ---- toasts --------------------------------------------------------------------- */
  function toast(message) {
    var region = $("toast");
    if (!region) return;
    region.textContent = "";
    var box = document.createElement("div");
    box.className = "toast";
    box.textContent = message;
    region.appendChild(box);
  }

  /* ---- sentences and keyboard selection ------------------------------------------ */
  function focusSentence(el) {
    if (!el) return;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest", behavior: "instant" });
    lastSentence = el.id;
    kb = null;
  }

  function moveSentence(step) {
    var all = sentences();
    if (!all.length) return;
    var i = all.indexOf(document.activeElement);
    if (i < 0 && lastSentence) i = all.indexOf($(lastSentence));
    var next = i < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, i + step));
    focusSentence(all[next]);
  }

  function focusedSentence() {
    var a = document.activeElement;
    return a && a.classList && a.classList.contains("sentence") ? a : null;
  }

  function extendKeyboardSelection(sentence, key, moveStart) {
    var root = textRoot();
    var lo = Number(sentence.dataset.start), hi = Number(sentence.dataset.end);
    var ws = sel.words(root, lo, hi);
    if (!ws.length) return;
    if (!kb) kb = { start: ws[0][0], end: ws[0][0] };
    var endIdx = ws.findIndex(function (w) { return w[1] >= kb.end; });
    var startIdx = ws.findIndex(function (w) { return w[0] >= kb.start; });
    if (moveStart) {
      startIdx = key === "ArrowRight" ? Math.min(startIdx + 1, Math.max(endIdx, 0)) : Math.max(startIdx - 1, 0);
      kb.start = ws[startIdx][0];
      if (kb.end <= kb.start) kb.end = ws[startIdx][1];
    } else if (key === "ArrowRight") {
      endIdx = kb.end === kb.start ? startIdx : Math.min(endIdx + 1, ws.length - 1);
      kb.end = ws[endIdx][1];
    } else {
      endIdx = Math.max(endIdx - 1, startIdx);
      kb.end = ws[endIdx][1];
    }
    sel.selectSpan(root, kb.start, kb.end);
    var chars = sel.codePoints(root);
    pending = { start: kb.start, end: kb.end, text: chars.slice(kb.start, kb.end).join("") };
    showHint(editorOpen() ? pending : null);
  }

  function sentenceSpan(sentence) {
    var root = textRoot();
    var s = Number(sentence.dataset.start), e = Number(sentence.dataset.end);
    var span = sel.snapToWords(sel.codePoints(root), s, e);
    if (span) span.text = sel.codePoints(root).slice(span.start, span.end).join("");
    return span;
  }

  /* ---- source picker (combobox + listbox) ----------------------------------------- */
  function options() {
    var list = $("source-options");
    return list && !list.hidden ? Array.prototype.slice.call(list.querySelectorAll("[role=option]")) : [];
  }

  function activeOption() {
    return options().find(function (o) { return o.getAttribute("aria-selected") === "true"; }) || null;
  }

  function markOption(opt) {
    var input = $("source-query");
    options().forEach(function (o) { o.setAttribute("aria-selected", o === opt ? "true" : "false"); });
    if (input) {
      if (opt) input.setAttribute("aria-activedescendant", opt.id); else input.removeAttribute("aria-activedescendant");
    }
    if (opt) opt.scrollIntoView({ block: "nearest" });
  }

  function moveOption(step) {
    var all = options();
    if (!all.length) return;
    var i = all.indexOf(activeOption());
    markOption(all[(i + step + all.length) % all.length]);
  }

  function closeOptions() {
    var list = $("source-options"), input = $("source-query");
    if (list) list.hidden = true;
    if (input) { input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); }
  }

  function pickOption(opt) {
    var input = $("source-query");
    if (!opt || !input) return;
    if (opt.dataset.sourceNew !== undefined) {
      $("source-id").value = "";
      $("source-new").value = opt.dataset.sourceNew;
      $("source-version").value = "";
      input.value = opt.dataset.sourceNew;
    } else {
      $("source-id").value = opt.dataset.sourceId;
      $("source-new").value = "";
      // Show the picked source's kind; changing it then changes the source (versioned).
      $("source-kind").value = opt.dataset.sourceKind;
      $("source-version").value = opt.dataset.sourceVersion;
      input.value = opt.dataset.sourceName;
    }
    input.dataset.picked = input.value;
    input.classList.add("picked");
    closeOptions();
    input.focus();
  }

  /* ---- keyboard -------------------------------------------------------------------- */
  function clickIn(selector) {
    var el = document.querySelector(selector);
    // A key can beat htmx's settle step: make sure the fragment's hx-* are wired first.
    if (el) { htmx.process(el); el.click(); return true; }
    return false;
  }

  function onEditorKey(e) {
    var t = e.target;
    if (t.id === "source-query") {
      if (e.key === "ArrowDown") { e.preventDefault(); moveOption(1); return true; }
      if (e.key === "ArrowUp") { e.preventDefault(); moveOption(-1); return true; }
      if (e.key === "Enter" && activeOption()) { e.preventDefault(); pickOption(activeOption()); return true; }
      if (e.key === "Escape" && options().length) { e.preventDefault(); closeOptions(); return true; }
    }
    if (e.key === "Enter" && !e.shiftKey && t.closest && t.closest("#editor-form")) {
      if (t.tagName === "BUTTON") return false;
      if (t.id === "source-query" && t.value.trim() && t.value !== t.dataset.picked && options().length) {
        e.preventDefault(); moveOption(1); return true; // pick from the list first
      }
      e.preventDefault();
      submitEditor();
      return true;
    }
    return false;
  }

  function setKind(n) {
    var radios = document.querySelectorAll("#editor-form input[name=kind]");
    if (radios[n - 1]) { radios[n - 1].checked = true; radios[n - 1].focus(); }
  }

  function onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey) return;
    var help = $("help-dialog");
    if (help && help.open) return; // the dialog handles Esc itself
    if (onEditorKey(e)) return;
    var t = e.target;
    if (e.key === "Escape") {
      if (t.closest && t.closest("#editor")) { e.preventDefault(); closeEditor(); return; }
      if (editorOpen()) { e.preventDefault(); closeEditor(); return; }
      return;
    }
    if (isTyping(t)) return;
    var sentence = focusedSentence();
    if (e.shiftKey && (e.key === "ArrowRight" || e.key === "ArrowLeft") && sentence) {
      e.preventDefault();
      extendKeyboardSelection(sentence, e.key, e.altKey);
      return;
    }
    if (e.altKey) return;
    switch (e.key) {
      case "j": e.preventDefault(); moveSentence(1); return;
      case "k": e.preventDefault(); moveSentence(-1); return;
      case "Enter":
        // With the editor open, Enter on the text (or nothing focused) saves it; buttons and
        // links keep their own Enter.
        if (editorForm() && (t === document.body || (t.closest && t.closest("#article-text")))) {
          e.preventDefault(); submitEditor(); return;
        }
        if (sentence) { e.preventDefault(); openNew(kb && kb.end > kb.start ? pending : sentenceSpan(sentence)); }
        return;
      case "e":
        if (sentence) {
          var run = sentence.querySelector("[data-claims]");
          if (run) { e.preventDefault(); openClaim(run.dataset.claims.split(" ")[0]); }
        }
        return;
      case "1": case "2": case "3":
        if (editorForm()) { e.preventDefault(); setKind(Number(e.key)); }
        return;
      case "s":
        if ($("source-query")) { e.preventDefault(); $("source-query").focus(); $("source-query").select(); }
        return;
      case "l":
        if ($("link-query")) { e.preventDefault(); $("link-query").focus(); }
        return;
      case "c": case "m": {
        var span = currentSelection();
        if (editorForm() && span) { e.preventDefault(); setSpanField(e.key === "c" ? "cue" : "mention", span); }
        return;
      }
      case "n": {
        var chosen = currentSelection();
        if (chosen) { e.preventDefault(); openNew(chosen); }
        return;
      }
      case "a": if (clickIn("#editor [data-key=a]")) e.preventDefault(); return;
      case "r": if (clickIn("#editor [data-key=r]")) e.preventDefault(); return;
      case "A": if (clickIn("#editor [data-action=accept-all]")) e.preventDefault(); return;
      case "u": if (clickIn("#toast [data-action=undo]")) e.preventDefault(); return;
      case "?": e.preventDefault(); toggleHelp(); return;
    }
  }

  function toggleHelp() {
    var help = $("help-dialog");
    if (!help) return;
    if (help.open) help.close(); else help.showModal();
  }

  /* ---- mouse ----------------------------------------------------------------------- */
  var downAt = null;

  function onMouseDown(e) {
    downAt = textRoot() && textRoot().contains(e.target) ? { x: e.clientX, y: e.clientY } : null;
  }

  function onMouseUp(e) {
    var root = textRoot();
    if (!root || !downAt) return;
    var moved = Math.abs(e.clientX - downAt.x) + Math.abs(e.clientY - downAt.y) > 3;
    downAt = null;
    var span = sel.currentSpan(root);
    if (moved && span) {
      if (editorOpen()) { pending = span; showHint(span); } else openNew(span);
      return;
    }
    if (moved || !root.contains(e.target)) return;
    var run = e.target.closest("[data-claims]");
    if (run) { openClaim(run.dataset.claims.split(" ")[0]); return; }
    var sentence = e.target.closest(".sentence");
    if (sentence) { lastSentence = sentence.id; openNew(sentenceSpan(sentence)); }
  }

  function onClick(e) {
    var t = e.target.closest ? e.target.closest("[data-action], [role=option]") : null;
    if (!t) return;
    if (t.getAttribute("role") === "option" && t.closest("#source-options")) { pickOption(t); return; }
    switch (t.dataset.action) {
      case "help": toggleHelp(); break;
      case "close-editor": closeEditor(); break;
      case "set-cue": setSpanField("cue", currentSelection()); break;
      case "set-mention": setSpanField("mention", currentSelection()); break;
      case "clear-cue": setSpanField("cue", null); break;
      case "clear-mention": setSpanField("mention", null); break;
      case "accept-all": acceptAll(Number(t.dataset.start)); break;
      case "new-from-selection": openNew(currentSelection()); break;
    }
  }

  function acceptAll(start) {
    var s = sentences().find(function (x) { return Number(x.dataset.start) <= start && start < Number(x.dataset.end); });
    if (!s) return;
    var url = page.dataset.acceptAllUrl.replace(/\/0\/accept-all\/$/, "/" + s.dataset.index + "/accept-all/");
    htmx.ajax("POST", url, { target: "#editor", swap: "outerHTML" });
  }

  function onInput(e) {
    var t = e.target;
    if (t.id === "source-query" && t.value !== t.dataset.picked) {
      // Typing again un-picks: only an explicit choice from the list sets the source.
      $("source-id").value = "";
      $("source-new").value = "";
      $("source-version").value = "";
      t.classList.remove("picked");
    }
  }

  /* ---- htmx integration ------------------------------------------------------------ */
  function onBeforeSwap(e) {
    var status = e.detail.xhr.status;
    if (status === 400 || status === 409) { e.detail.shouldSwap = true; e.detail.isError = false; }
    else if (status === 403) { toast("Your role does not allow that change."); }
    else if (status >= 500 || status === 404) { toast("That did not work (" + status + "). Reload the page and try again."); }
  }

  function onAfterSettle(e) {
    var target = e.detail.target || e.detail.elt;
    if (!target) return;
    if (target.id === "source-options") {
      var input = $("source-query");
      var has = options().length > 0;
      if (input) input.setAttribute("aria-expanded", has ? "true" : "false");
      return;
    }
    var editor = $("editor");
    if (target.id === "editor" || (editor && target === editor)) {
      sel.forget(textRoot());
      if (!editor) return;
      var focusable = editor.querySelector("[data-conflict=merge]") ||
        editor.querySelector("#editor-form input[name=kind]:checked") ||
        editor.querySelector("#editor-form input[name=kind]") ||
        editor.querySelector("[data-key=a]");
      if (focusable) focusable.focus(); else if (editor.dataset.claim || editorForm()) editor.focus();
      else if (lastSentence && $(lastSentence)) $(lastSentence).focus({ preventScroll: true });
      var claim = editor.dataset.claim;
      document.querySelectorAll("#article-text .run.selected-claim").forEach(function (r) { r.classList.remove("selected-claim"); });
      if (claim) {
        document.querySelectorAll('#article-text [data-claims~="' + claim + '"]').forEach(function (r) { r.classList.add("selected-claim"); });
      }
    }
  }

  function openFromHash() {
    var m = /^#claim-(\d+)$/.exec(window.location.hash);
    if (!m) return;
    var run = document.querySelector('#article-text [data-claims~="' + m[1] + '"]');
    if (run) run.scrollIntoView({ block: "center" });
    openClaim(m[1]);
  }

  function init() {
    page = $("annotate-page");
    sel = window.ClaimSelection;
    if (!page || !sel) return;
    if ($("editor")) placeholder = $("editor").cloneNode(true);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onMouseDown);
    document.addEventListener("mouseup", onMouseUp);
    document.addEventListener("click", onClick);
    document.addEventListener("input", onInput);
    document.body.addEventListener("htmx:beforeSwap", onBeforeSwap);
    document.body.addEventListener("htmx:afterSettle", onAfterSettle);
    document.body.addEventListener("htmx:sendError", function () { toast("The server could not be reached."); });
    openFromHash();
    page.dataset.ready = "true";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
