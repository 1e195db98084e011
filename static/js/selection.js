/*
 * Browser selection <-> stored offsets. THE one place where the browser's UTF-16 positions
 * become the Python code-point offsets the server stores (half-open [start, end)), and back.
 *
 * The article text is rendered as leaf elements (.run inside .sentence, and .gap between
 * sentences) that each hold exactly one text node and carry data-start / data-end in code
 * points. A DOM point (node, utf16Offset) maps to leaf.start + the number of code points in
 * the first utf16Offset units of the leaf's text. Nothing else in the page may count
 * characters with String.length.
 */
(function () {
  "use strict";

  var LEAF = ".run, .gap";
  // Letters, digits, combining marks, connector punctuation, and apostrophes/hyphens inside
  // words: a selection never ends between a base letter and its combining accent.
  var WORD = /[\p{L}\p{N}\p{M}\p{Pc}'’\-]/u;
  var SPACE = /\s/u;

  /** Number of code points in a UTF-16 string (a surrogate pair counts once). */
  function codePointLength(str) {
    var n = 0;
    for (var i = 0; i < str.length; i++) {
      var c = str.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
        var d = str.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      n++;
    }
    return n;
  }

  /** UTF-16 length of the first `count` code points of `str`. */
  function utf16Length(str, count) {
    var units = 0;
    var seen = 0;
    while (seen < count && units < str.length) {
      var c = str.charCodeAt(units);
      units += c >= 0xd800 && c <= 0xdbff && units + 1 < str.length ? 2 : 1;
      seen++;
    }
    return units;
  }

  function leaves(root) {
    return root.querySelectorAll(LEAF);
  }

  function leafOf(node) {
    var el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    return el ? el.closest(LEAF) : null;
  }

  /** The first leaf at or after `node` in document order, inside root. */
  function leafAtOrAfter(root, node) {
    var leaf = leafOf(node);
    if (leaf) return leaf;
    var all = leaves(root);
    for (var i = 0; i < all.length; i++) {
      var pos = node.compareDocumentPosition(all[i]);
      if (all[i] === node || pos & Node.DOCUMENT_POSITION_FOLLOWING || pos & Node.DOCUMENT_POSITION_CONTAINED_BY) {
        return all[i];
      }
    }
    return null;
  }

  /** Code-point offset of a DOM boundary point inside root, or null if it is outside. */
  function pointToOffset(root, node, offset) {
    if (!root.contains(node)) return null;
    var length = Number(root.dataset.length);
    if (node.nodeType === Node.TEXT_NODE) {
      var leaf = leafOf(node);
      if (!leaf) return null;
      return Number(leaf.dataset.start) + codePointLength(node.data.slice(0, offset));
    }
    // An element boundary: before its child at `offset`, or after its last child.
    if (offset < node.childNodes.length) {
      var next = leafAtOrAfter(root, node.childNodes[offset]);
      return next ? Number(next.dataset.start) : length;
    }
    var inside = node.nodeType === Node.ELEMENT_NODE ? node.querySelectorAll(LEAF) : [];
    if (inside.length) return Number(inside[inside.length - 1].dataset.end);
    var own = leafOf(node);
    if (own) return Number(own.dataset.end);
    return length;
  }

  /** The article text as an array of code points, rebuilt from the leaves (cached). */
  function codePoints(root) {
    if (!root._codePoints) root._codePoints = Array.from(root.textContent);
    return root._codePoints;
  }

  /** Widen [start, end) to whole words and trim surrounding white space. */
  function snapToWords(chars, start, end) {
    while (start < end && SPACE.test(chars[start])) start++;
    while (end > start && SPACE.test(chars[end - 1])) end--;
    if (start >= end) return null;
    while (start > 0 && WORD.test(chars[start - 1]) && WORD.test(chars[start])) start--;
    while (end < chars.length && WORD.test(chars[end]) && WORD.test(chars[end - 1])) end++;
    return { start: start, end: end };
  }

  /** A DOM Range -> snapped {start, end, text} in code points, or null. */
  function rangeToSpan(root, range, snap) {
    if (!range || range.collapsed) return null;
    var start = pointToOffset(root, range.startContainer, range.startOffset);
    var end = pointToOffset(root, range.endContainer, range.endOffset);
    if (start === null || end === null) {
      // A drag that ran past the text: clamp to the text's edges.
      var whole = document.createRange();
      whole.selectNodeContents(root);
      if (range.compareBoundaryPoints(Range.END_TO_START, whole) >= 0) return null;
      if (range.compareBoundaryPoints(Range.START_TO_END, whole) <= 0) return null;
      if (start === null) start = 0;
      if (end === null) end = Number(root.dataset.length);
    }
    var chars = codePoints(root);
    var span = snap === false ? (start < end ? { start: start, end: end } : null) : snapToWords(chars, start, end);
    if (!span) return null;
    span.text = chars.slice(span.start, span.end).join("");
    return span;
  }

  /** The page's current selection inside root, snapped to words, or null. */
  function currentSpan(root) {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    return rangeToSpan(root, sel.getRangeAt(0));
  }

  /** DOM point for a code-point offset (the inverse of pointToOffset). */
  function offsetToPoint(root, cp) {
    var all = leaves(root);
    for (var i = 0; i < all.length; i++) {
      var s = Number(all[i].dataset.start);
      var e = Number(all[i].dataset.end);
      if (cp >= s && cp < e || (cp === e && i === all.length - 1)) {
        var text = all[i].firstChild;
        if (!text) return { node: all[i], offset: 0 };
        return { node: text, offset: utf16Length(text.data, cp - s) };
      }
    }
    return null;
  }

  /** Show [start, end) as the browser selection (keyboard selection uses this). */
  function selectSpan(root, start, end) {
    var a = offsetToPoint(root, start);
    var b = offsetToPoint(root, end);
    var sel = window.getSelection();
    if (!a || !sel) return;
    if (!b) {
      var last = offsetToPoint(root, end - 1);
      b = { node: last.node, offset: last.node.data ? last.node.data.length : 0 };
    }
    sel.setBaseAndExtent(a.node, a.offset, b.node, b.offset);
  }

  /** Word boundaries inside [lo, hi): [[wordStart, wordEnd], ...]. */
  function words(root, lo, hi) {
    var chars = codePoints(root);
    var out = [];
    var i = lo;
    while (i < hi) {
      while (i < hi && SPACE.test(chars[i])) i++;
      if (i >= hi) break;
      var s = i;
      if (WORD.test(chars[i])) {
        while (i < hi && WORD.test(chars[i])) i++;
      } else {
        i++;
      }
      out.push([s, i]);
    }
    return out;
  }

  function forget(root) {
    if (root) delete root._codePoints;
  }

  window.ClaimSelection = {
    codePointLength: codePointLength,
    pointToOffset: pointToOffset,
    rangeToSpan: rangeToSpan,
    currentSpan: currentSpan,
    snapToWords: snapToWords,
    selectSpan: selectSpan,
    words: words,
    codePoints: codePoints,
    forget: forget,
  };
})();
