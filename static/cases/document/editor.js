/* The editor of a tjänsteskrivelse: formatting buttons over each section's text,
   writing lists as in a word processor, paste from Word, the signs of the markup
   shown lightly behind the text, and a warning before leaving with unsaved
   changes. Without this file the form works as it is (the signs can be typed);
   the live preview is htmx's.

   The stored text is always the section markup (ssr_portal/lib/markup.py). The
   buttons insert its signs around the selection or at the start of the selected
   lines; a button is pressed (aria-pressed) while the cursor stands in what it
   makes, and pressing it then takes the signs away. Each toolbar is one tab stop;
   the arrow keys, Home and End move between its buttons (WAI-ARIA toolbar
   pattern). Ctrl+B and Ctrl+I work in the text.

   In a list item, Enter starts the next item (a numbered one counts on), Enter on
   an empty item ends the list, Tab indents the item under the one above and
   Shift+Tab moves it back out. Tab is taken only where it does that: elsewhere it
   moves on to the next field as always, and after Esc it does so in a list too
   (WCAG 2.1.2, no keyboard trap; the hint under the text says so while the cursor
   is in a list).

   Why a highlight layer behind a plain textarea and not a rich-text editor: the
   textarea stays the one accessible, native field (spelling, undo, screen
   readers, the form without JavaScript), the stored text stays what the official
   sees, and a layer that only paints a tint behind the signs cannot change it. */
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
  // A list item: its indent, its marker ("-", "*", "+", "1." or "1)"), its text.
  var LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])(?: (.*)|)$/;
  // What each toggle button stands for, read from the line of the cursor.
  var LINE_STATE = {
    bullet: /^ *[-*+](?: |$)/,
    number: /^ *\d{1,9}[.)](?: |$)/,
    quote: /^ {0,3}>/,
    subheading: /^ {0,3}#{1,6}(?: |$)/,
  };

  /* ---- Reading the markup ------------------------------------------------ */

  function lineBounds(value, position) {
    var start = position === 0 ? 0 : value.lastIndexOf("\n", position - 1) + 1;
    var end = value.indexOf("\n", position);
    return [start, end === -1 ? value.length : end];
  }

  function listItem(line) {
    var match = LIST_ITEM.exec(line);
    if (!match) { return null; }
    return {
      indent: match[1].length,
      marker: match[2],
      // Where the item's text starts ("- " is two signs, "-" alone one).
      textStart: match[1].length + match[2].length + (match[3] === undefined ? 0 : 1),
      text: match[3] || "",
      ordered: /\d/.test(match[2]),
    };
  }

  /* The emphasis of one line: [{kind, open: [start, end], close: [start, end]}]. */
  function emphasisSpans(line) {
    var spans = [];
    var masked = line;
    var bold = /\*\*(?=\S)([\s\S]*?\S)\*\*/g;
    var match;
    while ((match = bold.exec(line)) !== null) {
      var end = match.index + match[0].length;
      spans.push({ kind: "bold", open: [match.index, match.index + 2], close: [end - 2, end] });
      masked = masked.slice(0, match.index) + "\u0000\u0000" + masked.slice(match.index + 2, end - 2) +
        "\u0000\u0000" + masked.slice(end);
    }
    var italic = /\*(?=[^\s*])([^*]*?[^\s*])\*/g;
    while ((match = italic.exec(masked)) !== null) {
      var stop = match.index + match[0].length;
      spans.push({ kind: "italic", open: [match.index, match.index + 1], close: [stop - 1, stop] });
    }
    return spans;
  }

  /* The footnotes of one line: [{open: [start, end], close: [start, end]}]. */
  function footnoteSpans(line) {
    var spans = [];
    var from = 0;
    while (true) {
      var start = line.indexOf("^[", from);
      if (start === -1) { break; }
      var depth = 0;
      var close = -1;
      for (var i = start + 2; i < line.length; i++) {
        if (line[i] === "[") { depth++; }
        if (line[i] === "]") {
          if (depth === 0) { close = i; break; }
          depth--;
        }
      }
      if (close === -1) { break; }
      spans.push({ open: [start, start + 2], close: [close, close + 1] });
      from = close + 1;
    }
    return spans;
  }

  /* Which toggle buttons the cursor (or selection within a line) stands in. */
  function stateAt(value, start, end) {
    var bounds = lineBounds(value, start);
    var line = value.slice(bounds[0], bounds[1]);
    var state = {};
    Object.keys(LINE_STATE).forEach(function (kind) {
      state[kind] = LINE_STATE[kind].test(line);
    });
    var from = start - bounds[0];
    var to = Math.min(end, bounds[1]) - bounds[0];
    emphasisSpans(line).forEach(function (span) {
      if (span.open[1] <= from && to <= span.close[0]) {
        state[span.kind] = span;
      }
    });
    state.bold = state.bold || false;
    state.italic = state.italic || false;
    state.listItem = listItem(line) !== null;
    state.line = bounds;
    return state;
  }

  /* ---- Editing ----------------------------------------------------------- */

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

  /* Take away the signs of the emphasis the cursor stands in (a pressed button). */
  function unwrap(textarea, span, lineStart) {
    var value = textarea.value;
    var from = lineStart + span.open[0];
    var to = lineStart + span.close[1];
    var inner = value.slice(lineStart + span.open[1], lineStart + span.close[0]);
    var start = textarea.selectionStart - (lineStart + span.open[1]);
    var end = textarea.selectionEnd - (lineStart + span.open[1]);
    replace(textarea, from, to, inner, [Math.max(0, start), Math.min(inner.length, end)]);
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
    if (kind === "bold" || kind === "italic") {
      var state = stateAt(textarea.value, textarea.selectionStart, textarea.selectionEnd);
      if (state[kind]) {
        unwrap(textarea, state[kind], state.line[0]);
        return;
      }
    }
    if (WRAP[kind]) {
      wrap(textarea, kind, placeholder);
    } else if (PREFIX[kind]) {
      prefix(textarea, kind, placeholder);
    }
  }

  /* Enter in a list item: the next item, or the end of the list on an empty one.
     Returns whether it did something (else the browser's own Enter). */
  function listEnter(textarea) {
    var value = textarea.value;
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    if (value.slice(start, end).indexOf("\n") !== -1) { return false; }
    var bounds = lineBounds(value, start);
    var item = listItem(value.slice(bounds[0], bounds[1]));
    if (!item || start < bounds[0] + item.textStart) { return false; }
    var rest = value.slice(bounds[0] + item.textStart, start) + value.slice(end, bounds[1]);
    if (rest.trim() === "") {
      if (item.indent > 0) { return shiftItems(textarea, -1); }
      // The list ends here: the marker goes, and a blank line keeps the text that
      // follows out of the last item.
      var previous = bounds[0] > 0 ? value.slice(lineBounds(value, bounds[0] - 1)[0], bounds[0] - 1) : "";
      var blank = previous.trim() === "" ? "" : "\n";
      replace(textarea, bounds[0], bounds[1], blank, [blank.length, blank.length]);
      return true;
    }
    var marker = item.ordered
      ? (parseInt(item.marker, 10) + 1) + item.marker.slice(-1)
      : item.marker;
    var text = "\n" + " ".repeat(item.indent) + marker + " ";
    var to = end;
    if (item.ordered) {
      // The numbered items after it count on from the new one.
      var tail = value.slice(end, bounds[1]);
      var after = bounds[1] < value.length ? value.slice(bounds[1] + 1).split("\n") : [];
      var number = parseInt(marker, 10);
      var renumbered = [];
      for (var i = 0; i < after.length; i++) {
        var next = listItem(after[i]);
        if (!next || next.indent < item.indent) { break; }
        if (next.indent === item.indent) {
          if (!next.ordered) { break; }
          number++;
          after[i] = " ".repeat(next.indent) + number + next.marker.slice(-1) + after[i].slice(next.indent + next.marker.length);
        }
        renumbered.push(after[i]);
      }
      if (renumbered.length) {
        to = bounds[1] + 1 + renumbered.join("\n").length;
        var caret = text.length;
        replace(textarea, start, to, text + tail + "\n" + renumbered.join("\n"), [caret, caret]);
        return true;
      }
    }
    replace(textarea, start, to, text, [text.length, text.length]);
    return true;
  }

  /* Tab (direction 1) or Shift+Tab (-1) in a list item: the item (and the items
     under it) one level in, under the item above, or one level out. Returns
     whether it did something (else Tab moves the focus, as always). */
  function shiftItems(textarea, direction) {
    var value = textarea.value;
    var first = lineBounds(value, textarea.selectionStart);
    var last = lineBounds(value, Math.max(textarea.selectionStart, textarea.selectionEnd));
    var lines = value.split("\n");
    var firstIndex = value.slice(0, first[0]).split("\n").length - 1;
    var lastIndex = value.slice(0, last[0]).split("\n").length - 1;
    var item = listItem(lines[firstIndex]);
    if (!item) { return false; }
    for (var k = firstIndex; k <= lastIndex; k++) {
      if (lines[k].trim() !== "" && !listItem(lines[k])) { return false; }
    }
    // The items above it, nearest first, until the list ends.
    var above = [];
    for (var i = firstIndex - 1; i >= 0 && lines[i].trim() !== ""; i--) {
      var line = listItem(lines[i]);
      if (line) { above.push(line); }
    }
    var indent;
    var marker = item.marker;
    if (direction > 0) {
      // Under the item above at its own level, which becomes its parent.
      var parent = above.filter(function (line) { return line.indent <= item.indent; })[0];
      if (!parent || parent.indent !== item.indent) { return false; }
      indent = parent.indent + parent.marker.length + 1;
      if (item.ordered) {
        var sibling = above[0] !== parent && above[0].indent === indent && above[0].ordered ? above[0] : null;
        marker = (sibling ? parseInt(sibling.marker, 10) + 1 : 1) + item.marker.slice(-1);
      }
    } else {
      if (item.indent === 0) { return false; }
      // Out to the level of its parent, and into the parent's list.
      var owner = above.filter(function (line) { return line.indent < item.indent; })[0];
      if (!owner) { return false; }
      indent = owner.indent;
      marker = owner.ordered ? (parseInt(owner.marker, 10) + 1) + owner.marker.slice(-1) : owner.marker;
    }
    var delta = indent - item.indent;
    // The items under it go with it.
    var stop = lastIndex;
    while (stop + 1 < lines.length) {
      var next = listItem(lines[stop + 1]);
      if (!next || next.indent <= item.indent) { break; }
      stop++;
    }
    var changed = [];
    for (var j = firstIndex; j <= stop; j++) {
      var old = lines[j];
      var moved;
      if (j === firstIndex) {
        moved = " ".repeat(indent) + marker + old.slice(item.indent + item.marker.length);
      } else if (delta > 0) {
        moved = old.trim() === "" ? old : " ".repeat(delta) + old;
      } else {
        moved = old.replace(new RegExp("^ {0," + (-delta) + "}"), "");
      }
      changed.push(moved);
    }
    var from = lines.slice(0, firstIndex).join("\n").length + (firstIndex > 0 ? 1 : 0);
    var to = lines.slice(0, stop + 1).join("\n").length;
    var text = changed.join("\n");
    var textStart = Math.min(changed[0].length, indent + marker.length + 1);
    // A position in the old lines, in the new ones (the cursor stays in its text).
    function mapped(position) {
      var offset = from;
      var index = firstIndex;
      while (index < stop && position > offset + lines[index].length) {
        offset += lines[index].length + 1;
        index++;
      }
      var change = changed[index - firstIndex].length - lines[index].length;
      var start = changed.slice(0, index - firstIndex).join("\n").length + (index > firstIndex ? 1 : 0);
      var column = Math.max(index === firstIndex ? textStart : 0, position - offset + change);
      return start + Math.min(column, changed[index - firstIndex].length);
    }
    replace(textarea, from, to, text, [mapped(textarea.selectionStart), mapped(textarea.selectionEnd)]);
    return true;
  }

  /* ---- Paste from Word and web pages -------------------------------------- */

  var SKIP = { script: 1, style: 1, head: 1, title: 1, meta: 1, link: 1, template: 1, noscript: 1, xml: 1 };
  var BLOCKS = {
    p: 1, div: 1, section: 1, article: 1, header: 1, footer: 1, main: 1, aside: 1,
    pre: 1, dt: 1, dd: 1, table: 1, tr: 1, td: 1, th: 1, caption: 1, figure: 1, figcaption: 1,
    address: 1, dl: 1, center: 1,
  };
  var WORD_MARKER = /^[\s\u00a0]*(?:([·•▪◦o§\uf0b7\uf0a7\-–*])|(\d{1,3}[.)]|[a-zA-Z][.)]|[ivxIVX]{1,5}[.)]))[\s\u00a0]+/;

  // The page's policy (style-src 'self') refuses style attributes and <style>
  // even in a parsed, inert document: they are read under another name.
  var STYLE = "data-ssr-style";

  function inert(html) {
    return html
      .replace(/<style[\s\S]*?<\/style\s*>/gi, "")
      .replace(/(<[a-zA-Z][^<>]*?\s)style(\s*=)/g, "$1" + STYLE + "$2");
  }

  function styleOf(element, name) {
    var style = element.getAttribute(STYLE) || "";
    var match = new RegExp("(?:^|;)\\s*" + name + "\\s*:\\s*([^;]+)", "i").exec(style);
    return match ? match[1].trim().toLowerCase() : "";
  }

  function formatOf(element, format) {
    var tag = element.tagName.toLowerCase();
    var bold = format.bold;
    var italic = format.italic;
    if (tag === "b" || tag === "strong") { bold = true; }
    if (tag === "i" || tag === "em") { italic = true; }
    var weight = styleOf(element, "font-weight");
    if (/^(bold|bolder|[6-9]00)$/.test(weight)) { bold = true; }
    if (/^(normal|lighter|[1-4]00)$/.test(weight)) { bold = false; }
    var fontStyle = styleOf(element, "font-style");
    if (/^(italic|oblique)/.test(fontStyle)) { italic = true; }
    if (fontStyle === "normal") { italic = false; }
    return { bold: bold, italic: italic, heading: format.heading };
  }

  /* The inline text of runs [{text, bold, italic, raw}] in markup. */
  function inlineMarkup(runs, plain) {
    var out = "";
    var groups = [];
    runs.forEach(function (run) {
      var text = run.raw ? run.text : run.text.replace(/[\s\u00a0]+/g, " ");
      var bold = !plain && run.bold;
      var italic = !plain && run.italic;
      var last = groups[groups.length - 1];
      if (last && !run.raw && !last.raw && last.bold === bold && last.italic === italic) {
        last.text += text;
      } else {
        groups.push({ text: text, bold: bold, italic: italic, raw: run.raw });
      }
    });
    groups.forEach(function (group) {
      var text = group.text;
      if (group.raw || !(group.bold || group.italic) || text.trim() === "") {
        out += text;
        return;
      }
      var lead = text.match(/^\s*/)[0];
      var trail = text.slice(lead.length).match(/\s*$/)[0];
      var inner = text.slice(lead.length, text.length - trail.length);
      var sign = (group.bold ? "**" : "") + (group.italic ? "*" : "");
      var close = (group.italic ? "*" : "") + (group.bold ? "**" : "");
      out += lead + sign + inner + close + trail;
    });
    return out.replace(/ {2,}/g, " ").replace(/ *\n */g, "\n").trim();
  }

  /* Word's footnotes: the text of each note (<div id="ftn1">), by the address
     its call links to ("#_ftn1"); the notes leave the document. */
  function wordFootnotes(body) {
    var notes = {};
    Array.prototype.slice.call(body.querySelectorAll("div[id^='ftn'], div[" + STYLE + "*='mso-element:footnote']"))
      .forEach(function (div) {
        var id = div.id || "";
        var clone = div.cloneNode(true);
        Array.prototype.slice.call(clone.querySelectorAll("a[href*='_ftnref']")).forEach(function (a) { a.remove(); });
        var text = clone.textContent.replace(/[\s\u00a0]+/g, " ").trim();
        if (id) { notes["_" + id] = text; }
        div.remove();
      });
    Array.prototype.slice.call(body.querySelectorAll("div[" + STYLE + "*='mso-element:footnote-list']"))
      .forEach(function (div) { div.remove(); });
    return notes;
  }

  function wordListLevel(element) {
    var list = styleOf(element, "mso-list");
    var cls = element.getAttribute("class") || "";
    if (!list && !/MsoListParagraph/i.test(cls)) { return 0; }
    if (/^ignore/.test(list)) { return 0; }
    var level = /level(\d+)/.exec(list);
    return level ? parseInt(level[1], 10) : 1;
  }

  /* HTML (from Word, a web page or another editor) as section markup: paragraphs,
     subheadings, bulleted and numbered lists (Word's list paragraphs too, by
     their level), quotations, bold, italic and Word's footnotes; anything else
     becomes its text. A pure function: exported as window.ssrMarkup.fromHtml. */
  function htmlToMarkup(html) {
    var doc = new DOMParser().parseFromString(inert(html), "text/html");
    var body = doc.body;
    if (!body) { return ""; }
    var notes = wordFootnotes(body);
    var blocks = [];
    var runs = [];
    var block = { kind: "p" };

    function flush() {
      var text = inlineMarkup(runs, block.kind === "h");
      runs = [];
      if (text) {
        blocks.push({ kind: block.kind, text: text, level: block.level, ordered: block.ordered, start: block.start });
      }
    }

    function within(kind, extra, element, format, lists) {
      flush();
      var outer = block;
      block = { kind: kind, level: extra.level, ordered: extra.ordered, start: extra.start };
      walkChildren(element, format, lists);
      flush();
      block = outer;
    }

    function walkChildren(element, format, lists) {
      Array.prototype.slice.call(element.childNodes).forEach(function (child) {
        walk(child, format, lists);
      });
    }

    function walk(node, format, lists) {
      if (node.nodeType === 3) {
        runs.push({ text: node.data, bold: format.bold, italic: format.italic });
        return;
      }
      if (node.nodeType !== 1) { return; }
      var tag = node.tagName.toLowerCase();
      if (SKIP[tag] || styleOf(node, "display") === "none") { return; }
      if (/^ignore/.test(styleOf(node, "mso-list"))) { return; }  // Word's own marker
      var cls = node.getAttribute("class") || "";
      var mine = formatOf(node, format);
      if (tag === "br") {
        runs.push({ text: "\n", raw: true });
        return;
      }
      var href = tag === "a" ? node.getAttribute("href") || "" : "";
      var note = /#(_ftn\d+)$/.exec(href);
      if (note && notes[note[1]] !== undefined) {
        runs.push({ text: "^[" + notes[note[1]] + "]", raw: true });
        return;
      }
      var heading = /^h([1-6])$/.exec(tag) || /^Mso(?:Heading|Title|Subtitle)/i.exec(cls) ? true : false;
      if (heading) {
        within("h", {}, node, { bold: false, italic: false }, lists);
        return;
      }
      if (tag === "ul" || tag === "ol") {
        flush();
        var start = parseInt(node.getAttribute("start") || "1", 10);
        walkChildren(node, mine, lists.concat([{ ordered: tag === "ol", start: start }]));
        flush();
        return;
      }
      if (tag === "li") {
        var list = lists[lists.length - 1] || { ordered: false, start: 1 };
        within("li", { level: Math.max(1, lists.length), ordered: list.ordered, start: list.start }, node, mine, lists);
        list.start = 1;
        return;
      }
      if (tag === "blockquote") {
        within("quote", {}, node, mine, lists);
        return;
      }
      if (tag === "p" || BLOCKS[tag]) {
        var level = wordListLevel(node);
        if (level && block.kind !== "li") {
          // Word's list paragraph: its marker ("·", "o", "1.", "a)") tells the kind.
          var ignored = node.querySelector("[" + STYLE + "*='mso-list']");
          var markerText = ignored ? ignored.textContent : "";
          var ordered;
          flush();
          var outer = block;
          block = { kind: "li", level: level };
          walkChildren(node, mine, lists);
          if (!markerText && runs.length) {
            var lead = WORD_MARKER.exec(runs[0].text);
            if (lead) {
              markerText = lead[0];
              runs[0] = { text: runs[0].text.slice(lead[0].length), bold: runs[0].bold, italic: runs[0].italic };
            }
          }
          ordered = /\d|^[\s\u00a0]*[a-zA-Z]{1,5}[.)]/.test(markerText);
          block.ordered = ordered;
          flush();
          block = outer;
          return;
        }
        if (block.kind === "li" || block.kind === "quote" || block.kind === "h") {
          // A paragraph inside an item or a quotation: its text belongs there.
          if (runs.length) { runs.push({ text: " ", bold: false, italic: false }); }
          walkChildren(node, mine, lists);
          return;
        }
        within("p", {}, node, mine, lists);
        return;
      }
      walkChildren(node, mine, lists);
    }

    walk(body, { bold: false, italic: false }, []);
    flush();
    return joinBlocks(blocks);
  }

  /* The blocks as lines: list items counted and indented under their parents. */
  function joinBlocks(blocks) {
    var out = "";
    var previous = null;
    var stack = [];  // per level: {indent, width, count}
    blocks.forEach(function (block) {
      var line;
      if (block.kind === "li") {
        if (!previous || previous.kind !== "li" || (block.level === 1 && previous.top !== block.ordered)) {
          stack = [];
        }
        var level = Math.min(block.level || 1, stack.length + 1);
        stack = stack.slice(0, level);
        var indent = level > 1 ? stack[level - 2].indent + stack[level - 2].width : 0;
        var here = stack[level - 1];
        if (!here || here.ordered !== block.ordered) {
          here = { indent: indent, ordered: block.ordered, count: (block.start || 1) - 1 };
          stack[level - 1] = here;
        }
        here.count++;
        var marker = block.ordered ? here.count + ". " : "- ";
        here.width = marker.length;
        line = " ".repeat(indent) + marker + block.text.replace(/\n/g, " ");
      } else if (block.kind === "h") {
        line = "### " + block.text.replace(/\n/g, " ");
      } else if (block.kind === "quote") {
        line = block.text.split("\n").map(function (part) { return "> " + part; }).join("\n");
      } else {
        line = block.text;
      }
      if (previous) {
        if (previous.kind === "li" && block.kind === "li" && !(block.level === 1 && previous.top !== block.ordered)) {
          out += "\n";
        } else if (previous.kind === "quote" && block.kind === "quote") {
          out += "\n>\n";
        } else {
          out += "\n\n";
        }
      }
      out += line;
      // A list of the other kind (numbered after bulleted) is a list of its own.
      block.top = block.kind === "li" ? stack[0].ordered : null;
      previous = block;
    });
    return out;
  }

  function paste(textarea, event) {
    var data = event.clipboardData;
    var html = data ? data.getData("text/html") : "";
    if (!html) { return; }  // plain text: the browser's own paste
    var text = htmlToMarkup(html);
    if (!text) { return; }
    event.preventDefault();
    var value = textarea.value;
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    // More than a few words (paragraphs, a list, a subheading) is a block of its
    // own: blank lines keep it apart from the text around the cursor.
    if (/\n/.test(text) || LINE_STATE.bullet.test(text) || LINE_STATE.number.test(text) ||
        LINE_STATE.quote.test(text) || LINE_STATE.subheading.test(text)) {
      var before = value.slice(0, start);
      var after = value.slice(end);
      if (before !== "" && !/\n\n$/.test(before)) { text = (/\n$/.test(before) ? "\n" : "\n\n") + text; }
      if (after !== "" && !/^\n\n/.test(after)) { text += /^\n/.test(after) ? "\n" : "\n\n"; }
    }
    replace(textarea, start, end, text, [text.length, text.length]);
  }

  /* ---- The signs shown lightly behind the text --------------------------- */

  var COPIED = [
    "fontFamily", "fontSize", "fontWeight", "fontStyle", "lineHeight", "letterSpacing",
    "wordSpacing", "textIndent", "textTransform", "tabSize", "paddingTop", "paddingBottom",
    "paddingLeft", "borderTopWidth", "borderRightWidth", "borderBottomWidth",
    "borderLeftWidth", "borderTopLeftRadius", "borderTopRightRadius",
    "borderBottomLeftRadius", "borderBottomRightRadius", "boxSizing", "backgroundColor",
  ];

  /* The classes of each character of one line: "s" a sign, "n" a footnote's text. */
  function signsOf(line) {
    var marks = new Array(line.length + 1).join(" ").split("");
    var lead = /^( *)(#{1,6} |>+ ?|[-*+] |\d{1,9}[.)] )/.exec(line);
    if (lead) {
      for (var i = lead[1].length; i < lead[0].length; i++) { marks[i] = "s"; }
    }
    footnoteSpans(line).forEach(function (span) {
      for (var j = span.open[0]; j < span.close[1]; j++) { marks[j] = "n"; }
      marks[span.open[0]] = marks[span.open[0] + 1] = marks[span.close[0]] = "s";
    });
    emphasisSpans(line).forEach(function (span) {
      for (var k = span.open[0]; k < span.open[1]; k++) { marks[k] = "s"; }
      for (var m = span.close[0]; m < span.close[1]; m++) { marks[m] = "s"; }
    });
    return marks;
  }

  function paintBackdrop(backdrop, value) {
    var fragment = document.createDocumentFragment();
    value.split("\n").forEach(function (line, index) {
      if (index > 0) { fragment.appendChild(document.createTextNode("\n")); }
      var marks = signsOf(line);
      var from = 0;
      for (var i = 1; i <= line.length; i++) {
        if (i === line.length || marks[i] !== marks[from]) {
          var text = document.createTextNode(line.slice(from, i));
          if (marks[from] === " ") {
            fragment.appendChild(text);
          } else {
            var span = document.createElement("span");
            span.className = marks[from] === "s" ? "markup-sign" : "markup-note";
            span.appendChild(text);
            fragment.appendChild(span);
          }
          from = i;
        }
      }
    });
    // A final line end still makes a line (the textarea shows one).
    fragment.appendChild(document.createTextNode("\u200b"));
    backdrop.replaceChildren(fragment);
  }

  function setUpBackdrop(textarea) {
    var field = document.createElement("div");
    field.className = "markup-field";
    var backdrop = document.createElement("div");
    backdrop.className = "markup-backdrop";
    backdrop.setAttribute("aria-hidden", "true");
    var style = window.getComputedStyle(textarea);
    COPIED.forEach(function (name) { backdrop.style[name] = style[name]; });
    var hadFocus = document.activeElement === textarea;
    textarea.parentNode.insertBefore(field, textarea);
    field.appendChild(backdrop);
    field.appendChild(textarea);
    textarea.classList.add("markup-field__text");
    if (hadFocus) { textarea.focus(); }
    var pending = false;
    function fit() {
      var scrollbar = textarea.offsetWidth - textarea.clientWidth -
        parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
      backdrop.style.paddingRight = (parseFloat(style.paddingRight) + Math.max(0, scrollbar)) + "px";
      backdrop.style.height = textarea.offsetHeight + "px";
      backdrop.scrollTop = textarea.scrollTop;
    }
    function paint() {
      pending = false;
      paintBackdrop(backdrop, textarea.value);
      fit();
    }
    function later() {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(paint);
      }
    }
    textarea.addEventListener("input", later);
    textarea.addEventListener("scroll", function () { backdrop.scrollTop = textarea.scrollTop; });
    if (window.ResizeObserver) { new ResizeObserver(later).observe(textarea); }
    paint();
  }

  /* ---- Wiring ------------------------------------------------------------ */

  function setUpToolbar(toolbar) {
    var textarea = document.getElementById(toolbar.getAttribute("aria-controls"));
    if (!textarea) { return; }
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button[data-markup]"));
    var toggles = buttons.filter(function (button) {
      return button.getAttribute("data-markup") !== "footnote";
    });
    var hint = document.getElementById(textarea.id + "-list-hint");
    var escaped = false;

    function showState() {
      var state = stateAt(textarea.value, textarea.selectionStart, textarea.selectionEnd);
      toggles.forEach(function (button) {
        var pressed = state[button.getAttribute("data-markup")] ? "true" : "false";
        if (button.getAttribute("aria-pressed") !== pressed) {
          button.setAttribute("aria-pressed", pressed);
        }
      });
      if (hint) { hint.hidden = !state.listItem; }
    }

    buttons.forEach(function (button, index) {
      button.tabIndex = index === 0 ? 0 : -1;
      button.addEventListener("click", function () {
        apply(textarea, button);
        showState();
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
      if (event.isComposing) { return; }
      if (event.key === "Escape") {
        escaped = true;
        return;
      }
      var afterEscape = escaped;
      if (event.key !== "Shift") { escaped = false; }
      if (event.key === "Tab" && !event.ctrlKey && !event.altKey && !event.metaKey) {
        if (!afterEscape && shiftItems(textarea, event.shiftKey ? -1 : 1)) {
          event.preventDefault();
          showState();
        }
        return;
      }
      if (event.key === "Enter" && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey) {
        if (listEnter(textarea)) {
          event.preventDefault();
          showState();
        }
        return;
      }
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) { return; }
      var kind = { b: "bold", i: "italic" }[event.key.toLowerCase()];
      if (!kind) { return; }
      var button = toolbar.querySelector('[data-markup="' + kind + '"]');
      if (button) {
        event.preventDefault();
        apply(textarea, button);
        showState();
      }
    });
    textarea.addEventListener("paste", function (event) { paste(textarea, event); });
    ["input", "keyup", "mouseup", "focus", "select"].forEach(function (name) {
      textarea.addEventListener(name, showState);
    });
    document.addEventListener("selectionchange", function () {
      if (document.activeElement === textarea) { showState(); }
    });
    showState();
    toolbar.hidden = false;
    setUpBackdrop(textarea);
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

  window.ssrMarkup = { fromHtml: htmlToMarkup };

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
