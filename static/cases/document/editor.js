/* The editor of a tjänsteskrivelse: formatting buttons over each section's text,
   and a warning before leaving with unsaved changes. Without this file the form
   works as it is (the signs can be typed); the live preview is htmx's.

   The buttons insert the signs of the section markup (ssr_portal/lib/markup.py)
   around the selection or at the start of the selected lines. Each toolbar is one
   tab stop; the arrow keys, Home and End move between its buttons (WAI-ARIA
   toolbar pattern). Ctrl+B and Ctrl+I work in the text. */
(function () {
  "use strict";

  // Signs put around the selection.
  var WRAP = {
    bold: ["**", "**"],
    italic: ["*", "*"],
    footnote: ["^[", "]"],
  };
  // Signs put at the start of each selected line ("number" counts 1., 2., …).
  var PREFIX = {
    bullet: function () { return "- "; },
    number: function (index) { return (index + 1) + ". "; },
    quote: function () { return "> "; },
    subheading: function () { return "### "; },
  };
  var ANY_PREFIX = /^(?:- |\d+\. |> |### )/;

  /* Replace text[start:end] with `text`, keeping the browser's undo history where
     it can (execCommand), and select `select` (offsets within the new text). */
  function replace(textarea, start, end, text, select) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
    var done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (error) {
      done = false;
    }
    if (!done || textarea.value.slice(start, start + text.length) !== text) {
      textarea.setRangeText(text, start, end, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    textarea.setSelectionRange(start + select[0], start + select[1]);
  }

  function wrap(textarea, kind, placeholder) {
    var signs = WRAP[kind];
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var selected = textarea.value.slice(start, end);
    // Leave the spaces of a double-clicked word outside the signs.
    var lead = selected.match(/^\s*/)[0];
    var trail = selected.slice(lead.length).match(/\s*$/)[0];
    var inner = selected.slice(lead.length, selected.length - trail.length) || placeholder;
    var text = lead + signs[0] + inner + signs[1] + trail;
    var from = lead.length + signs[0].length;
    replace(textarea, start, end, text, [from, from + inner.length]);
  }

  function prefix(textarea, kind, placeholder) {
    var value = textarea.value;
    var selStart = textarea.selectionStart;
    var selEnd = textarea.selectionEnd;
    // The whole lines the selection touches (not the line after a final line end).
    var start = selStart === 0 ? 0 : value.lastIndexOf("\n", selStart - 1) + 1;
    var end = value.indexOf("\n", Math.max(selEnd > selStart ? selEnd - 1 : selEnd, start));
    if (end === -1) { end = value.length; }
    var lines = value.slice(start, end).split("\n");
    var make = PREFIX[kind];
    var mine = kind === "number" ? /^\d+\. / : new RegExp("^" + make(0).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    var written = lines.filter(function (line) { return line.trim() !== ""; });
    var already = written.length > 0 && written.every(function (line) { return mine.test(line); });
    var count = 0;
    var usedPlaceholder = false;
    var result = lines.map(function (line) {
      if (already) { return line.replace(ANY_PREFIX, ""); }
      if (line.trim() === "" && lines.length > 1) { return line; }
      var bare = line.replace(ANY_PREFIX, "");
      if (!bare) { usedPlaceholder = true; }
      return make(count++) + (bare || placeholder);
    });
    var text = result.join("\n");
    // A list, quotation or subheading is a block of its own: a blank line before
    // and after it, unless the neighbouring line is of the same kind.
    var before = value.slice(0, start);
    var after = value.slice(end);
    var previousLine = before.replace(/\n$/, "").split("\n").pop();
    var nextLine = after.replace(/^\n/, "").split("\n")[0];
    var head = "";
    var tail = "";
    if (!already) {
      if (before !== "" && !/\n\n$/.test(before) && !(kind !== "subheading" && mine.test(previousLine))) {
        head = "\n";
      }
      if (after !== "" && !/^\n\n/.test(after) && !(kind !== "subheading" && mine.test(nextLine))) {
        tail = /^\n/.test(after) ? "\n" : "\n\n";
      }
    }
    var caret = head.length + text.length;
    var select = [caret, caret];
    if (usedPlaceholder && lines.length === 1) {
      select = [caret - placeholder.length, caret];
    }
    replace(textarea, start, end, head + text + tail, select);
  }

  function apply(textarea, button) {
    var kind = button.getAttribute("data-markup");
    var placeholder = button.getAttribute("data-placeholder") || "";
    if (WRAP[kind]) {
      wrap(textarea, kind, placeholder);
    } else if (PREFIX[kind]) {
      prefix(textarea, kind, placeholder);
    }
  }

  function setUpToolbar(toolbar) {
    var textarea = document.getElementById(toolbar.getAttribute("aria-controls"));
    if (!textarea) { return; }
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button[data-markup]"));
    buttons.forEach(function (button, index) {
      button.tabIndex = index === 0 ? 0 : -1;
      button.addEventListener("click", function () {
        apply(textarea, button);
      });
    });
    toolbar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index === -1) { return; }
      var next = {
        ArrowRight: index + 1,
        ArrowLeft: index - 1,
        Home: 0,
        End: buttons.length - 1,
      }[event.key];
      if (next === undefined) { return; }
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons[index].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
    textarea.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) { return; }
      var kind = { b: "bold", i: "italic" }[event.key.toLowerCase()];
      if (!kind) { return; }
      var button = toolbar.querySelector('[data-markup="' + kind + '"]');
      if (button) {
        event.preventDefault();
        apply(textarea, button);
      }
    });
    toolbar.hidden = false;
  }

  function setUpLeaveWarning(form) {
    var dirty = form.getAttribute("data-unsaved") === "true";
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = form.getAttribute("data-leave-warning") || "";
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-markup-toolbar]").forEach(setUpToolbar);
    var form = document.querySelector("form.doc-editor");
    if (form) { setUpLeaveWarning(form); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
