/*
 * Cổng article editor: the small script that makes the admin's editor form pleasanter. The
 * form works without it (plain fields, server-side preview page, "Lưu" button); with it:
 * - a toolbar that inserts Markdown (bold, italic, heading, list, link, quote);
 * - a live preview beside the text (below it on phones), rendered by the server through the
 *   same Markdown and sanitizer path as saving (POST /quan-tri/xem-truoc), debounced;
 * - pasting from Word, LibreOffice or Google Docs turns their HTML into clean Markdown
 *   (headings, paragraphs, bold, italic, lists, links, simple tables) and drops styles,
 *   classes, fonts, spans, comments and Office markup;
 * - the form is sent every 10 seconds when it changed to the autosave address, and the time
 *   of the last autosave is shown.
 * htmlToMarkdown works without a DOM (its own small HTML reader), so tests run it in node.
 */
(function () {
  "use strict";
  /* The page's language: the English of a message when the page loaded /i18n/en.js. */
  function T(s) { return window.CONG_T && window.CONG_T[s] || s; }

  /* ---- HTML reading ---- */

  var VOID = /^(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)$/;
  var RAW = /^(script|style|xml|title|template|textarea|noscript|head)$/;
  var ENTITIES = {
    nbsp: " ", amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", ndash: "\u2013",
    mdash: "\u2014", hellip: "\u2026", lsquo: "\u2018", rsquo: "\u2019", ldquo: "\u201c",
    rdquo: "\u201d", laquo: "\u00ab", raquo: "\u00bb", copy: "\u00a9", reg: "\u00ae",
    middot: "\u00b7", bull: "\u2022", shy: "", zwnj: "", zwj: ""
  };

  function decodeEntities(s) {
    return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?/g, function (all, e) {
      var code;
      if (e[0] === "#") {
        code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        if (!(code > 0 && code < 0x110000) || (code >= 0xd800 && code < 0xe000)) return "\ufffd";
        return code === 0xa0 ? " " : String.fromCodePoint(code);
      }
      return Object.prototype.hasOwnProperty.call(ENTITIES, e) ? ENTITIES[e] : all;
    });
  }

  function parseAttrs(s) {
    var attrs = {}, re = /([^\s=\/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g, m;
    while ((m = re.exec(s))) {
      var v = m[2] !== undefined ? m[2] : m[3] !== undefined ? m[3] : m[4] !== undefined ? m[4] : "";
      attrs[m[1].toLowerCase()] = decodeEntities(v);
    }
    return attrs;
  }

  function stripTags(s) {
    return decodeEntities(s.replace(/<[^>]*>/g, ""));
  }

  /*
   * A forgiving reader: a tree of {tag, attrs, children} and {text}. Comments, Office
   * conditionals and raw-text elements are dropped; the list marker Word writes inside
   * "supportLists" conditionals is kept on the element as marker.
   */
  function parseHtml(html) {
    var root = { tag: "#root", attrs: {}, children: [] };
    var stack = [root];
    var tagRe = /<(\/?)([A-Za-z][A-Za-z0-9:_-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;
    var i = 0, n = html.length;

    /* The index of needle (ASCII, lowercase) from from on, any case; -1 if none. */
    function findCI(needle, from) {
      if (from < 0) return -1;
      var re = new RegExp(needle.replace(/[\/]/g, "\\$&"), "ig");
      re.lastIndex = from;
      var m = re.exec(html);
      return m ? m.index : -1;
    }
    function top() { return stack[stack.length - 1]; }
    function addText(t) { if (t) top().children.push({ text: decodeEntities(t) }); }
    function skipTo(end, from) {
      var e = html.indexOf(end, from);
      return e < 0 ? n : e + end.length;
    }
    function marker(s) {
      var el = top();
      if (!el.marker) el.marker = stripTags(s).replace(/\s+/g, " ").trim();
    }

    while (i < n) {
      var lt = html.indexOf("<", i);
      if (lt < 0) lt = n;
      if (lt > i) addText(html.slice(i, lt));
      if (lt >= n) break;
      if (html.startsWith("<!--", lt)) {
        var ce = html.indexOf("-->", lt + 4);
        var body = ce < 0 ? "" : html.slice(lt + 4, ce);
        i = ce < 0 ? n : ce + 3;
        /* <!--[if !supportLists]-->MARKER<!--[endif]--> : the marker is visible HTML */
        if (/^\[if [^\]]*\]$/.test(body)) {
          var ee = html.indexOf("<!--[endif]-->", i);
          if (ee < 0) ee = html.indexOf("<![endif]", i);
          if (ee >= 0) {
            if (/supportLists/i.test(body)) marker(html.slice(i, ee));
            i = skipTo(">", ee);
          }
        }
        continue;
      }
      if (html.startsWith("<![", lt)) {
        /* <![if !supportLists]>MARKER<![endif]> */
        var ge = html.indexOf("]>", lt);
        var cond = ge < 0 ? "" : html.slice(lt + 3, ge);
        i = ge < 0 ? n : ge + 2;
        if (/^if\b/i.test(cond)) {
          var ee2 = html.indexOf("<![endif]", i);
          if (ee2 >= 0) {
            if (/supportLists/i.test(cond)) marker(html.slice(i, ee2));
            i = skipTo(">", ee2);
          }
        }
        continue;
      }
      if (html[lt + 1] === "!" || html[lt + 1] === "?") {
        i = skipTo(">", lt);
        continue;
      }
      tagRe.lastIndex = lt;
      var m = tagRe.exec(html);
      if (!m) {
        addText("<");
        i = lt + 1;
        continue;
      }
      i = tagRe.lastIndex;
      var name = m[2].toLowerCase();
      if (m[1]) {
        for (var k = stack.length - 1; k > 0; k--) {
          if (stack[k].tag === name) {
            stack.length = k;
            break;
          }
        }
        continue;
      }
      if (RAW.test(name)) {
        var close = findCI("</" + name, i);
        i = close < 0 ? n : skipTo(">", close);
        continue;
      }
      var attrs = parseAttrs(m[3]);
      /* Word's list number inside <span style="mso-list:Ignore"> */
      if (/mso-list\s*:\s*ignore/i.test(attrs.style || "")) {
        var se = findCI("</span>", i);
        /* the marker span may hold a nested span of spaces: end at the last of them */
        var inner = html.slice(i, se < 0 ? n : se);
        if (/<span/i.test(inner)) {
          se = findCI("</span>", se + 7);
        }
        marker(html.slice(i, se < 0 ? n : se));
        i = se < 0 ? n : se + 7;
        continue;
      }
      if (/^(p|li|td|th|tr|option|dt|dd)$/.test(name) && top().tag === name) stack.pop();
      var el = { tag: name, attrs: attrs, children: [] };
      top().children.push(el);
      if (!VOID.test(name) && !/\/\s*$/.test(m[3])) stack.push(el);
    }
    return root;
  }

  /* ---- Markdown writing ---- */

  var BLOCK = /^(address|article|aside|blockquote|body|center|dd|div|dl|dt|figcaption|figure|footer|form|h[1-6]|header|hr|html|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul|#root)$/;

  function isBlock(node) {
    return node.tag !== undefined && BLOCK.test(node.tag);
  }

  function hasBlock(node) {
    if (!node.children) return false;
    for (var i = 0; i < node.children.length; i++) {
      var c = node.children[i];
      if (isBlock(c) || hasBlock(c)) return true;
    }
    return false;
  }

  function styleOf(node) {
    return (node.attrs && node.attrs.style ? node.attrs.style : "").toLowerCase();
  }

  function escapeText(t) {
    return t.replace(/([\\`*_\[\]<>|])/g, "\\$1");
  }

  function wrap(mark, s) {
    var m = /^(\s*)([\s\S]*?)(\s*)$/.exec(s);
    if (!m[2]) return s;
    return m[1] + mark + m[2] + mark + m[3];
  }

  function pct(c) {
    return "%" + ("0" + c.charCodeAt(0).toString(16).toUpperCase()).slice(-2);
  }

  /* http(s), mailto and relative links only; others ("javascript:", "file:") are dropped. */
  function safeHref(h) {
    h = (h || "").trim();
    if (/^[a-z][a-z0-9+.-]*:/i.test(h) && !/^(https?:|mailto:)/i.test(h)) return "";
    return h.replace(/[()\s<>]/g, pct);
  }

  function inline(node) {
    if (node.text !== undefined) return escapeText(node.text.replace(/[\s\u00a0]+/g, " "));
    var tag = node.tag, style = styleOf(node), s = "", i;
    if (tag === "br") return "\\\n";
    if (tag === "img" || /^o:|^v:|^w:/.test(tag)) return "";
    for (i = 0; i < node.children.length; i++) s += inline(node.children[i]);
    var normal = /font-weight\s*:\s*(normal|[1-4]00)\b/.test(style);
    var bold = /font-weight\s*:\s*(bold|bolder|[6-9]00)\b/.test(style);
    var italic = /font-style\s*:\s*italic/.test(style);
    if ((tag === "b" || tag === "strong") && !normal) bold = true;
    if (tag === "i" || tag === "em") italic = true;
    if (tag === "code" || tag === "kbd" || tag === "tt") return "`" + s.replace(/`/g, "") + "`";
    if (italic) s = wrap("*", s);
    if (bold) s = wrap("**", s);
    if (tag === "a") {
      var href = safeHref(node.attrs.href);
      if (href && s.trim()) return "[" + s.trim() + "](" + href + ")";
    }
    return s;
  }

  /* The inline Markdown of a node's children, whitespace tidied. */
  function inlineOf(node) {
    var s = "";
    for (var i = 0; i < node.children.length; i++) s += inline(node.children[i]);
    return tidy(s);
  }

  function tidy(s) {
    return s.replace(/[ \t]+/g, " ").replace(/ ?\\\n ?/g, "\\\n").replace(/^(\\\n| )+|(\\\n| )+$/g, "")
      .replace(/\*\*\*\*/g, "").replace(/\*\*( *)\*\*/g, "$1");
  }

  /* A paragraph's first characters that Markdown would read as syntax get a backslash. */
  function guardStart(s) {
    return s.replace(/^(#{1,6}(?:\s|$)|[-+](?:\s|$)|=+\s*$)/, "\\$1").replace(/^(\d+)([.)])(\s)/, "$1\\$2$3");
  }

  function wordListItem(node) {
    var style = styleOf(node), cls = (node.attrs && node.attrs["class"]) || "";
    if (node.tag !== "p" && node.tag !== "div" && node.tag !== "li") return null;
    if (!/mso-list\s*:\s*l\d/.test(style) && !(/MsoListParagraph/i.test(cls) && node.marker)) return null;
    var lv = /level(\d+)/.exec(style);
    var marker = node.marker || "";
    var id = /mso-list\s*:\s*(l\d+)/.exec(style);
    return {
      list: id ? id[1] : "",
      level: lv ? Math.max(1, Math.min(6, parseInt(lv[1], 10))) : 1,
      ordered: /^\(?([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]$/.test(marker)
    };
  }

  function listMarkdown(node, depth) {
    var ordered = node.tag === "ol", lines = [], num = 1, pad = "    ".repeat(depth);
    for (var i = 0; i < node.children.length; i++) {
      var li = node.children[i];
      if (li.tag === "ul" || li.tag === "ol") {
        lines.push(listMarkdown(li, depth + 1));
        continue;
      }
      if (li.tag !== "li") {
        if (li.text !== undefined && !li.text.trim()) continue;
        li = { tag: "li", attrs: {}, children: [li] };
      }
      var text = "", nested = [];
      for (var j = 0; j < li.children.length; j++) {
        var c = li.children[j];
        if (c.tag === "ul" || c.tag === "ol") nested.push(listMarkdown(c, depth + 1));
        else if (isBlock(c) || hasBlock(c)) text += " " + blocksOf(c).join(" ");
        else text += inline(c);
      }
      text = tidy(text).replace(/\\\n/g, " ");
      lines.push(pad + (ordered ? num++ + ". " : "- ") + text);
      for (var k = 0; k < nested.length; k++) lines.push(nested[k]);
    }
    return lines.join("\n");
  }

  function rowsOf(node, rows) {
    for (var i = 0; i < node.children.length; i++) {
      var c = node.children[i];
      if (c.tag === "tr") rows.push(c);
      else if (c.tag === "thead" || c.tag === "tbody" || c.tag === "tfoot") rowsOf(c, rows);
    }
    return rows;
  }

  function cellText(cell) {
    var parts = hasBlock(cell) ? blocksOf(cell) : [inlineOf(cell)];
    return parts.join(" ").replace(/\\\n|\n/g, " ").replace(/\s+/g, " ").trim();
  }

  function tableMarkdown(node) {
    var rows = rowsOf(node, []), cells = [], width = 0, i, j;
    for (i = 0; i < rows.length; i++) {
      var r = [];
      for (j = 0; j < rows[i].children.length; j++) {
        var c = rows[i].children[j];
        if (c.tag === "td" || c.tag === "th") r.push(cellText(c));
      }
      if (r.length) {
        cells.push(r);
        width = Math.max(width, r.length);
      }
    }
    if (!cells.length) return [];
    /* a one-cell table is a layout box, not data */
    if (cells.length === 1 && width === 1) return cells[0][0] ? [cells[0][0]] : [];
    var out = [];
    for (i = 0; i < cells.length; i++) {
      while (cells[i].length < width) cells[i].push("");
      /* the header row is bold already */
      if (i === 0) cells[i] = cells[i].map(function (x) { return x.replace(/^\*\*([\s\S]*)\*\*$/, "$1"); });
      out.push("| " + cells[i].join(" | ") + " |");
      if (i === 0) out.push("|" + " --- |".repeat(width));
    }
    return [out.join("\n")];
  }

  /* The Markdown blocks of a container's children. */
  function blocksOf(node) {
    var out = [], buf = "", listRun = null, i;

    function flush() {
      var p = tidy(buf);
      buf = "";
      if (p) out.push(guardStart(p));
    }
    function endList() {
      if (listRun) out.push(listRun.lines.join("\n"));
      listRun = null;
    }

    for (i = 0; i < node.children.length; i++) {
      var c = node.children[i];
      var item = c.tag ? wordListItem(c) : null;
      if (item) {
        flush();
        if (listRun && listRun.list !== item.list) endList();
        if (!listRun) listRun = { lines: [], counters: [], list: item.list };
        var text = inlineOf(c).replace(/\\\n/g, " ");
        var n = (listRun.counters[item.level] || 0) + 1;
        listRun.counters[item.level] = n;
        listRun.counters.length = item.level + 1;
        listRun.lines.push("    ".repeat(item.level - 1) + (item.ordered ? n + ". " : "- ") + text);
        continue;
      }
      if (c.text !== undefined && !c.text.trim() && listRun) continue;
      if (!isBlock(c) && !hasBlock(c)) {
        endList();
        buf += inline(c);
        continue;
      }
      flush();
      endList();
      var tag = c.tag, h = /^h([1-6])$/.exec(tag), cls = (c.attrs && c.attrs["class"]) || "";
      if (h || /^Mso(Title|Subtitle)$/.test(cls)) {
        var level = h ? parseInt(h[1], 10) : cls === "MsoTitle" ? 1 : 2;
        var ht = inlineOf(c).replace(/\\\n/g, " ").replace(/^\*\*([\s\S]*)\*\*$/, "$1");
        if (ht) out.push("#".repeat(level) + " " + ht);
      } else if (tag === "ul" || tag === "ol") {
        var l = listMarkdown(c, 0);
        if (l.trim()) out.push(l);
      } else if (tag === "blockquote") {
        var q = blocksOf(c).join("\n\n");
        if (q) out.push(q.split("\n").map(function (x) { return x ? "> " + x : ">"; }).join("\n"));
      } else if (tag === "pre") {
        var code = stripPre(c);
        if (code.trim()) out.push("```\n" + code.replace(/\n+$/, "") + "\n```");
      } else if (tag === "table") {
        out = out.concat(tableMarkdown(c));
      } else if (tag === "hr") {
        out.push("---");
      } else if (!hasBlock(c)) {
        var para = inlineOf(c);
        if (para) out.push(guardStart(para));
      } else {
        out = out.concat(blocksOf(c));
      }
    }
    flush();
    endList();
    return out;
  }

  function stripPre(node) {
    if (node.text !== undefined) return node.text;
    if (node.tag === "br") return "\n";
    var s = "";
    for (var i = 0; i < node.children.length; i++) s += stripPre(node.children[i]);
    return s.replace(/```/g, "``\u200b`");
  }

  /* Clean Markdown from the HTML a word processor puts on the clipboard. */
  function htmlToMarkdown(html) {
    var root = parseHtml(String(html || ""));
    return blocksOf(root).join("\n\n").replace(/\n{3,}/g, "\n\n").trim();
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { htmlToMarkdown: htmlToMarkdown, parseHtml: parseHtml };
  }
  if (typeof document === "undefined") return;

  /* ---- The editor page ---- */

  var form = document.getElementById("editor-form");
  var body = document.getElementById("body");
  if (!form || !body) return;
  var csrf = form.querySelector("input[name=csrf]");
  var status = document.getElementById("autosave-status");
  var dirty = false, submitting = false;

  /* Puts text in place of the selection, keeping the browser's undo history when it can. */
  function insert(text, selectFrom, selectTo) {
    var start = body.selectionStart, end = body.selectionEnd;
    body.focus();
    var done = false;
    try {
      done = document.execCommand && document.execCommand("insertText", false, text);
    } catch (e) {
      done = false;
    }
    if (!done) {
      body.setRangeText(text, start, end, "end");
      body.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (selectFrom !== undefined) body.setSelectionRange(start + selectFrom, start + selectTo);
  }

  function selected() {
    return body.value.slice(body.selectionStart, body.selectionEnd);
  }

  /* Prefixes each selected line (or the current one) with p. */
  function prefixLines(p) {
    var v = body.value, s = body.selectionStart, e = body.selectionEnd;
    var ls = v.lastIndexOf("\n", s - 1) + 1;
    var le = v.indexOf("\n", e);
    if (le < 0) le = v.length;
    body.setSelectionRange(ls, le);
    var lines = v.slice(ls, le).split("\n").map(function (l, i) {
      return (typeof p === "function" ? p(i) : p) + l;
    });
    insert(lines.join("\n"));
  }

  var tools = [
    { label: T("Đậm"), text: "B", run: function () { var t = selected() || T("chữ đậm"); insert("**" + t + "**", 2, 2 + t.length); } },
    { label: T("Nghiêng"), text: "I", run: function () { var t = selected() || T("chữ nghiêng"); insert("*" + t + "*", 1, 1 + t.length); } },
    { label: T("Đề mục"), text: "H", run: function () { prefixLines("## "); } },
    { label: T("Danh sách"), text: T("• Danh sách"), run: function () { prefixLines("- "); } },
    { label: T("Liên kết"), text: T("Liên kết"), run: function () {
      var t = selected() || T("chữ liên kết");
      insert("[" + t + "](https://)", t.length + 3, t.length + 11);
    } },
    { label: T("Trích dẫn"), text: T("“ Trích dẫn"), run: function () { prefixLines("> "); } }
  ];
  var bar = document.createElement("div");
  bar.className = "md-toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", T("Định dạng nội dung"));
  bar.setAttribute("aria-controls", "body");
  tools.forEach(function (t, i) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = t.text;
    b.title = t.label;
    b.setAttribute("aria-label", t.label);
    b.className = "md-tool md-tool-" + (i + 1);
    b.addEventListener("click", function () { t.run(); });
    bar.appendChild(b);
  });
  var panes = body.parentNode;
  panes.parentNode.insertBefore(bar, panes);

  /* Ctrl (⌘) + B, I, K: bold, italic, link, as in a word processor. */
  body.addEventListener("keydown", function (ev) {
    if (!(ev.ctrlKey || ev.metaKey) || ev.altKey || ev.shiftKey) return;
    var k = ev.key.toLowerCase(), t = k === "b" ? 0 : k === "i" ? 1 : k === "k" ? 4 : -1;
    if (t < 0) return;
    ev.preventDefault();
    tools[t].run();
  });

  /* Beside "Lên lịch đăng", the date it will publish at, as typed in Ngày đăng. */
  var date = document.getElementById("published_at");
  var when = document.getElementById("schedule-when");
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function scheduleWhen() {
    if (!date || !when) return;
    var t = date.value ? new Date(date.value) : null;
    when.textContent = t && !isNaN(t) && t.getTime() > Date.now()
      ? T("Đăng lúc {time}.").replace("{time}", document.documentElement.lang === "en"
          /* as the server writes it in English: 4 Dec 2026, 09:30 */
          ? t.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric",
                                        hour: "2-digit", minute: "2-digit", hour12: false })
          : two(t.getHours()) + ":" + two(t.getMinutes()) + " " + two(t.getDate()) + "-" +
            two(t.getMonth() + 1) + "-" + t.getFullYear())
      : T("Chọn ngày giờ đăng trong tương lai ở ô Ngày đăng.");
  }
  if (date) date.addEventListener("input", scheduleWhen);

  /* Live preview. */
  var preview = document.createElement("div");
  preview.className = "md-preview article-body";
  preview.id = "md-preview";
  preview.setAttribute("aria-live", "polite");
  /* the pane scrolls: keyboard users must be able to reach it to scroll it (axe
     scrollable-region-focusable), and it is named so a screen reader says what it is */
  preview.tabIndex = 0;
  preview.setAttribute("role", "region");
  preview.setAttribute("aria-labelledby", "md-preview-title");
  var previewBox = document.createElement("div");
  previewBox.className = "md-preview-box";
  var ph = document.createElement("h2");
  ph.id = "md-preview-title";
  ph.textContent = T("Xem trước");
  previewBox.appendChild(ph);
  previewBox.appendChild(preview);
  panes.appendChild(previewBox);
  panes.classList.add("with-preview");

  var previewTimer = null, previewSeq = 0;
  function renderPreview() {
    var seq = ++previewSeq, data = new FormData();
    data.append("csrf", csrf ? csrf.value : "");
    data.append("body", body.value);
    var fmt = form.querySelector("input[name=body_format]:checked");
    data.append("body_format", fmt ? fmt.value : "markdown");
    fetch(form.getAttribute("data-preview") || "/quan-tri/xem-truoc", {
      method: "POST", body: data, credentials: "same-origin"
    }).then(function (r) {
      return r.ok ? r.text() : Promise.reject(r.status);
    }).then(function (html) {
      /* already sanitized by the server, the same path as saving */
      if (seq === previewSeq) preview.innerHTML = html;
    }).catch(function () {
      if (seq === previewSeq) preview.textContent = T("Không xem trước được lúc này.");
    });
  }
  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(renderPreview, 500);
  }
  body.addEventListener("input", schedulePreview);
  renderPreview();

  /* Pasting from a word processor. */
  body.addEventListener("paste", function (ev) {
    var cd = ev.clipboardData;
    if (!cd) return;
    var html = cd.getData("text/html");
    if (!html) return;
    var md;
    try {
      md = htmlToMarkdown(html);
    } catch (e) {
      return; /* something too odd to read: the browser pastes the plain text */
    }
    if (!md) return;
    ev.preventDefault();
    insert(md);
  });

  /* Autosave. */
  function markDirty() { dirty = true; }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () { submitting = true; });

  function autosave() {
    if (!dirty || submitting) return;
    var url = form.getAttribute("data-autosave");
    if (!url) return;
    var data = new FormData(form);
    data.delete("cover_file");
    data.delete("action");
    dirty = false;
    fetch(url, { method: "POST", body: data, credentials: "same-origin", redirect: "manual" })
      .then(function (r) {
        var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!json) {
          /* the session ended (a login page or a 403 page instead of JSON) */
          return { error: { message: T("phiên làm việc đã hết hạn; hãy chép nội dung rồi đăng nhập lại") } };
        }
        return r.json();
      })
      .then(function (j) {
        if (!status) return;
        if (j && j.message) status.textContent = j.message;
        else if (j && j.error) {
          status.textContent = T("Chưa lưu tự động được: {error}").replace("{error}", j.error.message);
          dirty = true;
        }
      })
      .catch(function () {
        dirty = true;
        if (status) status.textContent = T("Chưa lưu tự động được (mất kết nối?).");
      });
  }
  setInterval(autosave, 10000);
  window.addEventListener("beforeunload", function (ev) {
    if (dirty && !submitting) {
      ev.preventDefault();
      ev.returnValue = "";
    }
  });
})();
