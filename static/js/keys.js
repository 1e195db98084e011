// Keys to the next task on the annotate page (annotate.js holds the editing keys):
//   J / K  next / previous sentence without a claim of a person (suggestions don't count)
//   g / G  next / previous machine suggestion, opened in the editor (then a / r)
(function () {
  "use strict";

  function isTyping(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable ||
      (tag === "INPUT" && !/^(radio|checkbox|button|submit|hidden)$/.test(el.type));
  }

  function sentences() {
    return Array.prototype.slice.call(document.querySelectorAll("#article-text .sentence"));
  }

  function annotated(sentence) {
    return !!sentence.querySelector(".run[data-claims]:not(.st-suggested)");
  }

  function focusSentence(el) {
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest", behavior: "instant" });
  }

  // The sentence to count from: the focused one, else the one holding the open claim.
  function current() {
    var a = document.activeElement;
    if (a && a.classList && a.classList.contains("sentence")) return a;
    var editor = document.querySelector("#editor[data-claim]");
    if (editor) {
      var run = document.querySelector('#article-text [data-claims~="' + editor.dataset.claim + '"]');
      if (run) return run.closest(".sentence");
    }
    return null;
  }

  function step(list, from, direction) {
    if (!list.length) return null;
    var all = sentences();
    var at = from ? all.indexOf(from) : (direction > 0 ? -1 : all.length);
    var pick = null;
    list.forEach(function (s) {
      var i = all.indexOf(s);
      if (direction > 0 && i > at && pick === null) pick = s;
      if (direction < 0 && i < at) pick = s;
    });
    return pick;
  }

  function nextUnannotated(direction) {
    var target = step(sentences().filter(function (s) { return !annotated(s); }), current(), direction);
    if (target) focusSentence(target);
    return !!target;
  }

  function suggestionRuns() {
    var seen = {};
    return Array.prototype.slice.call(document.querySelectorAll("#article-text .run.st-suggested"))
      .filter(function (run) {
        var id = run.dataset.claims.split(" ")[0];
        if (seen[id]) return false;
        seen[id] = true;
        return true;
      });
  }

  // From the open suggestion to the one after (or before) it; with none open, the first one
  // in or after (or in or before) the current sentence.
  function nextSuggestion(direction) {
    var runs = suggestionRuns();
    if (!runs.length) return false;
    var editor = document.querySelector("#editor[data-claim]");
    var openId = editor ? editor.dataset.claim : null;
    var index = runs.findIndex(function (r) { return r.dataset.claims.split(" ")[0] === openId; });
    var target = null;
    if (index >= 0) {
      target = runs[index + direction] || null;
    } else {
      var all = sentences();
      var from = current();
      var at = from ? all.indexOf(from) : (direction > 0 ? -1 : all.length);
      runs.forEach(function (r) {
        var si = all.indexOf(r.closest(".sentence"));
        if (direction > 0 && si >= at && target === null) target = r;
        if (direction < 0 && si <= at) target = r;
      });
    }
    if (!target) return false;
    var page = document.getElementById("annotate-page");
    var id = target.dataset.claims.split(" ")[0];
    var sentence = target.closest(".sentence");
    if (sentence) focusSentence(sentence);
    htmx.ajax("GET", page.dataset.claimUrl.replace(/\/0\/$/, "/" + id + "/"), { target: "#editor", swap: "outerHTML" });
    return true;
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    var help = document.getElementById("help-dialog");
    if (help && help.open) return;
    if (isTyping(e.target) || !document.getElementById("article-text")) return;
    switch (e.key) {
      case "J": e.preventDefault(); nextUnannotated(1); return;
      case "K": e.preventDefault(); nextUnannotated(-1); return;
      case "g": e.preventDefault(); nextSuggestion(1); return;
      case "G": e.preventDefault(); nextSuggestion(-1); return;
    }
  });
})();
