/*
 * Cổng's visual article editor: TinyMCE (vendor/tinymce, GPL-2.0-or-later, served from
 * Cổng's own origin) on the body's textarea when "Cách soạn: Trực quan" is chosen. The form
 * works without it: the textarea holds the body in the chosen format (HTML or Markdown) and
 * the server sanitizes whatever comes, the single gate for what is stored. This script only
 * makes writing pleasant:
 * - a toolbar for headings, bold, italic, lists, links, quotes, alignment (as classes the
 *   sanitizer keeps, never styles), tables, horizontal rule, undo and redo;
 * - "Thư viện ảnh": a picker of the media library (thumbnails, search by name, upload) that
 *   inserts <figure><img alt><figcaption></figure>; the server adds the picture's copies
 *   (srcset) when the article is saved;
 * - videos from YouTube only, as youtube-nocookie.com embeds;
 * - pasting from Word or Google Docs keeps headings, lists, bold, italic, links and tables,
 *   drops styles, classes and Office markup, and marks where a picture was;
 * - the switch to Markdown keeps the body as HTML inside the Markdown (which passes it
 *   through), and the switch back renders the Markdown through the server's preview, so no
 *   text is lost either way.
 * cleanPastedHtml works on a detached document (DOMParser), so tests can run it in a page.
 */
(function () {
  "use strict";
  /* The page's language: the English of a message when the page loaded /i18n/en.js. */
  function T(s) { return window.CONG_T && window.CONG_T[s] || s; }

  var form = document.getElementById("editor-form");
  var body = document.getElementById("body");
  if (!form || !body || !window.fetch || !window.DOMParser) return;
  var radios = form.querySelectorAll("input[name=body_format]");
  var csrf = form.querySelector("input[name=csrf]");
  var me = document.querySelector("script[src$='/visual-editor.js']");
  var base = me ? me.getAttribute("src").replace(/\/visual-editor\.js$/, "") : "/static";
  var editor = null, loading = null;

  /* ---- pasting from word processors ---- */

  var KEEP = /^(p|h[1-6]|ul|ol|li|strong|b|em|i|u|s|a|br|hr|table|thead|tbody|tfoot|tr|th|td|caption|blockquote|figure|figcaption|img|sub|sup)$/i;

  function unwrap(el) {
    var parent = el.parentNode;
    while (el.firstChild) parent.insertBefore(el.firstChild, el);
    parent.removeChild(el);
  }

  function rename(el, tag) {
    var n = el.ownerDocument.createElement(tag);
    while (el.firstChild) n.appendChild(el.firstChild);
    el.parentNode.replaceChild(n, el);
    return n;
  }

  /* Word's list paragraphs: class MsoListParagraph* or style "mso-list: l0 level2 lfo1". */
  function wordListInfo(p) {
    var style = p.getAttribute("style") || "";
    var m = /mso-list:\s*l(\d+)\s+level(\d+)/i.exec(style);
    if (!m && !/MsoListParagraph/i.test(p.className)) return null;
    /* the marker Word writes before the text says whether it is numbered */
    var marker = "";
    var ign = p.querySelector("span[style*='mso-list:Ignore'], span[style*='mso-list: Ignore']");
    if (ign) marker = ign.textContent.trim();
    else marker = (p.textContent.trim().split(/\s/)[0] || "");
    return {
      list: m ? m[1] : "0",
      level: m ? parseInt(m[2], 10) : 1,
      ordered: /^[0-9a-zA-Z]{1,3}[.)]$/.test(marker),
      ignore: ign
    };
  }

  /* Turns runs of Word's list paragraphs into ul/ol with li, nested by level. */
  function wordLists(doc) {
    var paras = Array.prototype.slice.call(doc.body.querySelectorAll("p"));
    var stack = [], lastPara = null;
    paras.forEach(function (p) {
      var info = wordListInfo(p);
      if (!info) { stack = []; lastPara = null; return; }
      if (info.ignore) info.ignore.parentNode.removeChild(info.ignore);
      /* comments Word leaves as <!--[if !supportLists]--> are gone already (DOMParser keeps
         them as comments, removed below); a bare marker "1." or "·" in the text goes too */
      var first = p.firstChild;
      while (first && first.nodeType === 3 && !first.textContent.trim()) first = first.nextSibling;
      if (first && first.nodeType === 3) first.textContent = first.textContent.replace(/^\s*([0-9a-zA-Z]{1,3}[.)]|[·•o§▪-])\s+/, "");
      var contiguous = lastPara && lastPara.nextElementSibling === p;
      if (!contiguous) stack = [];
      while (stack.length > info.level) stack.pop();
      var li = doc.createElement("li");
      while (p.firstChild) li.appendChild(p.firstChild);
      if (stack.length < info.level) {
        var list = doc.createElement(info.ordered ? "ol" : "ul");
        if (stack.length === 0) p.parentNode.insertBefore(list, p);
        else {
          var host = stack[stack.length - 1].lastElementChild || stack[stack.length - 1];
          host.appendChild(list);
        }
        while (stack.length < info.level) stack.push(list);
      }
      stack[stack.length - 1].appendChild(li);
      /* the paragraph stays as an empty marker until the next one is read, then goes */
      p.textContent = "";
      p.setAttribute("data-cong-gone", "1");
      lastPara = p;
    });
    Array.prototype.slice.call(doc.body.querySelectorAll("[data-cong-gone]")).forEach(function (p) {
      /* a later list item compares its position with this one: remove only at the end */
      p.parentNode.removeChild(p);
    });
  }

  function styleSays(el, re) { return re.test(el.getAttribute("style") || ""); }

  /*
   * Clean HTML from a word processor's clipboard: the structure the article can keep
   * (headings, paragraphs, lists, tables, bold, italic, links) without styles, classes, fonts
   * or Office markup. A picture the page cannot load (a file on the writer's computer, a
   * picture elsewhere on the web) leaves a marked note in its place, to insert it from the
   * library there.
   */
  function cleanPastedHtml(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var walker, n, i, el, all;

    /* comments (Word's conditional ones), and what never belongs in a body */
    walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT, null);
    var comments = [];
    while ((n = walker.nextNode())) comments.push(n);
    comments.forEach(function (c) { c.parentNode.removeChild(c); });
    Array.prototype.slice.call(doc.querySelectorAll("script,style,meta,link,title,xml,o\\:p,v\\:shapetype,iframe,object,embed"))
      .forEach(function (x) { if (x.parentNode) x.parentNode.removeChild(x); });
    wordLists(doc);
    /* Google Docs wraps everything in <b style="font-weight:normal" id="docs-internal-guid-…">;
       its bold and italic are spans with styles: turn those into strong and em first */
    all = Array.prototype.slice.call(doc.body.querySelectorAll("*"));
    for (i = 0; i < all.length; i++) {
      el = all[i];
      if (!el.parentNode) continue;
      var tag = el.tagName;
      if (tag === "B" && styleSays(el, /font-weight:\s*(normal|400)/i)) { unwrap(el); continue; }
      if (tag === "SPAN" || tag === "FONT") {
        var bold = styleSays(el, /font-weight:\s*(bold|[6-9]00)/i);
        var italic = styleSays(el, /font-style:\s*italic/i);
        if (bold && italic) { el = rename(el, "strong"); var em = doc.createElement("em"); while (el.firstChild) em.appendChild(el.firstChild); el.appendChild(em); continue; }
        if (bold) { rename(el, "strong"); continue; }
        if (italic) { rename(el, "em"); continue; }
      }
    }
    /* pictures whose file the page cannot reach */
    Array.prototype.slice.call(doc.body.querySelectorAll("img")).forEach(function (img) {
      var src = img.getAttribute("src") || "";
      if (/^\/media\/\d+[.-]/.test(src)) return;
      var note = doc.createElement("mark");
      var alt = (img.getAttribute("alt") || "").trim();
      note.textContent = alt ? T("[Ảnh: {alt} — chèn lại từ Thư viện ảnh]").replace("{alt}", alt)
        : T("[Ảnh — chèn lại từ Thư viện ảnh]");
      img.parentNode.replaceChild(note, img);
    });
    /* Google Docs puts a paragraph inside each list item: its text is enough */
    Array.prototype.slice.call(doc.body.querySelectorAll("li > p:only-child")).forEach(unwrap);
    /* everything else: allowed elements keep only href (links), src/alt (pictures), spans (cells) */
    all = Array.prototype.slice.call(doc.body.querySelectorAll("*"));
    for (i = all.length - 1; i >= 0; i--) {
      el = all[i];
      if (!el.parentNode) continue;
      if (!KEEP.test(el.tagName)) { unwrap(el); continue; }
      var keep = { A: ["href"], IMG: ["src", "alt"], TD: ["colspan", "rowspan"], TH: ["colspan", "rowspan"] }[el.tagName] || [];
      Array.prototype.slice.call(el.attributes).forEach(function (a) {
        if (keep.indexOf(a.name) < 0) el.removeAttribute(a.name);
      });
      if (el.tagName === "A" && /^\s*(javascript|vbscript|data):/i.test(el.getAttribute("href") || "")) unwrap(el);
      else if (el.tagName === "H1") rename(el, "h2");
      else if (el.tagName === "B") rename(el, "strong");
      else if (el.tagName === "I") rename(el, "em");
    }
    /* blocks left empty by Word (<p>&nbsp;</p>) */
    Array.prototype.slice.call(doc.body.querySelectorAll("p")).forEach(function (p) {
      if (!p.textContent.replace(/\u00a0/g, " ").trim() && !p.querySelector("img,mark")) p.parentNode.removeChild(p);
    });
    return doc.body.innerHTML.replace(/\u00a0/g, " ");
  }
  window.congCleanPastedHtml = cleanPastedHtml;

  /* ---- the media library picker ---- */

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  function api(path, opts) {
    opts = opts || {};
    opts.credentials = "same-origin";
    opts.headers = opts.headers || {};
    opts.headers["X-CSRF-Token"] = csrf ? csrf.value : "";
    return fetch(path, opts).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error((j && j.error && j.error.message) || ("HTTP " + r.status));
        return j;
      });
    });
  }

  function upload(file) {
    var data = new FormData();
    data.append("file", file, file.name);
    return api("/api/v1/media", { method: "POST", body: data });
  }

  /* The smallest copy of a picture for a thumbnail, else the file itself. */
  function thumbOf(m) {
    var v = (m.variants || []).filter(function (x) { return x.width; })
      .sort(function (a, b) { return a.width - b.width; });
    return v.length ? v[0].url : m.url;
  }

  var picker = null;
  function buildPicker() {
    var d = el("dialog", { "class": "media-picker", "aria-labelledby": "media-picker-title" });
    d.appendChild(el("h2", { id: "media-picker-title" }, T("Chèn ảnh từ thư viện")));
    var search = el("input", { type: "search", id: "media-picker-q", placeholder: T("Tìm theo tên tệp") });
    var sl = el("label", { "for": "media-picker-q" }, T("Tìm ảnh"));
    var up = el("input", { type: "file", id: "media-picker-file", accept: "image/jpeg,image/png,image/webp,image/gif" });
    var ul = el("label", { "for": "media-picker-file" }, T("Hoặc tải ảnh mới lên"));
    var status = el("p", { "class": "media-picker-status", role: "status", "aria-live": "polite" });
    var grid = el("div", { "class": "media-picker-grid", role: "listbox", "aria-label": T("Ảnh trong thư viện"), tabindex: "0" });
    var more = el("button", { type: "button", "class": "secondary" }, T("Xem thêm ảnh"));
    var alt = el("input", { type: "text", id: "media-picker-alt", maxlength: "300" });
    var altL = el("label", { "for": "media-picker-alt" }, T("Mô tả ảnh (cho người không nhìn thấy ảnh)"));
    var cap = el("input", { type: "text", id: "media-picker-caption", maxlength: "500" });
    var capL = el("label", { "for": "media-picker-caption" }, T("Chú thích dưới ảnh"));
    var ok = el("button", { type: "button" }, T("Chèn ảnh"));
    var cancel = el("button", { type: "button", "class": "secondary" }, T("Hủy"));
    [[sl, search], [ul, up]].forEach(function (pair) {
      var p = el("p", { "class": "media-picker-field" }); p.appendChild(pair[0]); p.appendChild(pair[1]); d.appendChild(p);
    });
    d.appendChild(status);
    d.appendChild(grid);
    var mp = el("p"); mp.appendChild(more); d.appendChild(mp);
    [[altL, alt], [capL, cap]].forEach(function (pair) {
      var p = el("p", { "class": "media-picker-field" }); p.appendChild(pair[0]); p.appendChild(pair[1]); d.appendChild(p);
    });
    var bp = el("p", { "class": "buttons" }); bp.appendChild(ok); bp.appendChild(cancel); d.appendChild(bp);
    document.body.appendChild(d);

    var items = [], page = 0, total = 0, chosen = null;
    function show() {
      var q = search.value.trim().toLowerCase();
      grid.textContent = "";
      items.filter(function (m) {
        return /^image\//.test(m.mime) && (!q || (m.filename || "").toLowerCase().indexOf(q) >= 0);
      }).forEach(function (m) {
        var b = el("button", { type: "button", "class": "media-pick", role: "option",
                                "aria-selected": chosen && chosen.id === m.id ? "true" : "false",
                                "data-id": String(m.id) });
        var img = el("img", { src: thumbOf(m), alt: "", loading: "lazy", width: "120", height: "90" });
        b.appendChild(img);
        b.appendChild(el("span", null, m.filename || ("#" + m.id)));
        b.addEventListener("click", function () {
          chosen = m;
          Array.prototype.forEach.call(grid.children, function (c) { c.setAttribute("aria-selected", c === b ? "true" : "false"); });
          if (!alt.value) alt.focus();
        });
        grid.appendChild(b);
      });
      if (!grid.children.length) grid.appendChild(el("p", null, q ? T("Không có ảnh nào có tên như vậy.") : T("Thư viện chưa có ảnh.")));
      more.hidden = items.length >= total;
    }
    function load() {
      status.textContent = T("Đang tải thư viện…");
      return api("/api/v1/media?per_page=100&page=" + (page + 1)).then(function (j) {
        page++;
        total = j.total;
        items = items.concat(j.items || []);
        status.textContent = "";
        show();
      }).catch(function (e) { status.textContent = T("Không tải được thư viện: {error}").replace("{error}", e.message); });
    }
    search.addEventListener("input", show);
    more.addEventListener("click", load);
    up.addEventListener("change", function () {
      if (!up.files || !up.files[0]) return;
      status.textContent = T("Đang tải ảnh lên…");
      upload(up.files[0]).then(function (m) {
        items.unshift(m); total++; chosen = m; up.value = "";
        status.textContent = (m.filename ? T("Đã tải lên {file}. Hãy viết mô tả và chú thích.").replace("{file}", m.filename)
          : T("Đã tải ảnh lên. Hãy viết mô tả và chú thích."));
        show();
        alt.focus();
      }).catch(function (e) { status.textContent = T("Không tải lên được: {error}").replace("{error}", e.message); });
    });
    cancel.addEventListener("click", function () { d.close(); });
    ok.addEventListener("click", function () {
      if (!chosen) { status.textContent = T("Hãy chọn một ảnh trước."); return; }
      var w = chosen.width, h = chosen.height;
      var fig = '<figure class="image"><img src="' + escapeAttr(chosen.url) + '" alt="' +
        escapeAttr(alt.value.trim()) + '"' + (w && h ? ' width="' + w + '" height="' + h + '"' : "") + ">" +
        (cap.value.trim() ? "<figcaption>" + escapeText(cap.value.trim()) + "</figcaption>" : "") + "</figure>";
      d.close();
      editor.focus();
      /* writing goes on below the picture, not in its caption */
      editor.insertContent(fig + '<p id="cong-after"><br></p>');
      var after = editor.dom.get("cong-after");
      if (after) {
        after.removeAttribute("id");
        editor.selection.setCursorLocation(after, 0);
      }
    });
    return {
      open: function () {
        chosen = null; alt.value = ""; cap.value = ""; search.value = "";
        if (!page) load(); else show();
        d.showModal();
        search.focus();
      }
    };
  }

  function escapeText(s) { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  function escapeAttr(s) { return escapeText(s).replace(/"/g, "&quot;"); }

  /* ---- videos ---- */

  /* The id of a YouTube address (watch, youtu.be, embed, shorts), or null. */
  function youtubeId(url) {
    var m = /^https?:\/\/(?:www\.|m\.)?(?:youtube\.com\/(?:watch\?(?:.*&)?v=|embed\/|shorts\/)|youtu\.be\/|youtube-nocookie\.com\/embed\/)([A-Za-z0-9_-]{11})(?:[?&#].*)?$/.exec(url.trim());
    return m ? m[1] : null;
  }
  window.congYoutubeId = youtubeId;

  /* ---- the editor ---- */

  function loadTiny() {
    if (window.tinymce) return Promise.resolve();
    if (loading) return loading;
    loading = new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = base + "/vendor/tinymce/tinymce.min.js";
      s.onload = ok;
      s.onerror = fail;
      document.head.appendChild(s);
    });
    return loading;
  }

  var ALIGN = "p,h1,h2,h3,h4,h5,h6,li,td,th,blockquote,figure";
  function alignFormat(name) {
    return [{ selector: ALIGN, classes: "align-" + name }];
  }

  function markDirty() {
    if (!editor) return;
    editor.save();
    form.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function startEditor() {
    form.classList.add("visual-mode");
    return loadTiny().then(function () {
      return window.tinymce.init({
        target: body,
        license_key: "gpl",
        base_url: base + "/vendor/tinymce",
        suffix: ".min",
        /* vendor/tinymce/langs/vi.js; an English page (which loaded /i18n/en.js) gets
           TinyMCE's own English */
        language: window.CONG_T ? "en" : "vi",
        promotion: false,
        branding: false,
        menubar: false,
        statusbar: true,
        elementpath: false,
        min_height: 420,
        plugins: "lists link image table media autolink",
        toolbar: "undo redo | blocks | bold italic | bullist numlist | link blockquote hr | " +
          "alignleft aligncenter alignright alignjustify | congpicture table media | removeformat",
        toolbar_mode: "wrap",
        block_formats: T("Đoạn văn=p; Tiêu đề lớn=h2; Tiêu đề vừa=h3; Tiêu đề nhỏ=h4"),
        /* alignment as the classes the sanitizer keeps, never a style */
        formats: {
          alignleft: alignFormat("left"),
          aligncenter: alignFormat("center"),
          alignright: alignFormat("right"),
          alignjustify: alignFormat("justify")
        },
        /* what the editor may hold is what the sanitizer keeps */
        valid_elements: "p[class],h2[class],h3[class],h4[class],h5[class],h6[class],br,hr," +
          "strong/b,em/i,u,s,del,sub,sup,blockquote[class],ul,ol[start],li[class]," +
          "a[href|title],img[src|alt|width|height],figure[class],figcaption," +
          "table,thead,tbody,tfoot,tr,th[colspan|rowspan|class],td[colspan|rowspan|class],caption," +
          "iframe[src|title|width|height|allowfullscreen],pre,code,mark",
        valid_classes: "align-left align-center align-right align-justify image",
        invalid_styles: "*",
        valid_styles: {},
        convert_urls: false,
        relative_urls: false,
        entity_encoding: "raw",
        image_caption: true,
        image_dimensions: false,
        image_description: true,
        image_uploadtab: true,
        automatic_uploads: true,
        paste_data_images: false,
        images_upload_handler: function (blobInfo) {
          return upload(new File([blobInfo.blob()], blobInfo.filename(), { type: blobInfo.blob().type }))
            .then(function (m) { return m.url; });
        },
        table_default_attributes: {},
        table_default_styles: {},
        table_use_colgroups: false,
        table_sizing_mode: "responsive",
        table_appearance_options: false,
        table_advtab: false,
        table_cell_advtab: false,
        table_row_advtab: false,
        media_alt_source: false,
        media_poster: false,
        media_dimensions: false,
        media_url_resolver: function (data) {
          var id = youtubeId(data.url || "");
          if (!id) return Promise.reject({ msg: T("Chỉ nhúng được video YouTube (địa chỉ youtube.com hoặc youtu.be).") });
          return Promise.resolve({
            html: '<iframe src="https://www.youtube-nocookie.com/embed/' + id +
              '" title="Video" width="560" height="315" allowfullscreen></iframe>'
          });
        },
        /* the styles must reach cleanPastedHtml, which reads bold, italic and Word's lists
           from them before it drops them all (TinyMCE would drop them first) */
        paste_webkit_styles: "all",
        paste_remove_styles_if_webkit: false,
        paste_preprocess: function (ed, args) {
          try { args.content = cleanPastedHtml(args.content); } catch (e) { /* keep TinyMCE's own cleaning */ }
        },
        content_css: ["default", base + "/editor-content.css"],
        iframe_aria_text: T("Nội dung bài viết. Bấm Alt+0 để xem trợ giúp."),
        setup: function (ed) {
          ed.ui.registry.addButton("congpicture", {
            icon: "image",
            tooltip: T("Thư viện ảnh"),
            text: T("Thư viện ảnh"),
            onAction: function () {
              if (!picker) picker = buildPicker();
              picker.open();
            }
          });
          ed.on("change input undo redo SetContent", markDirty);
        }
      });
    }).then(function (eds) {
      editor = eds && eds[0];
      /* the frame the text is written in needs a name of its own (axe frame-title) */
      if (editor && editor.iframeElement) editor.iframeElement.title = T("Nội dung bài viết");
      return editor;
    }).catch(function () {
      /* no editor (a script that would not load): the textarea stays, in HTML */
      form.classList.remove("visual-mode");
      editor = null;
    });
  }

  function stopEditor() {
    if (editor) {
      editor.save();
      editor.remove();
      editor = null;
    }
    form.classList.remove("visual-mode");
  }

  /* Markdown to HTML for the switch, through the server's preview (sanitized as saving is). */
  function markdownToHtml(md) {
    var data = new FormData();
    data.append("csrf", csrf ? csrf.value : "");
    data.append("body", md);
    data.append("body_format", "markdown");
    return fetch(form.getAttribute("data-preview") || "/quan-tri/xem-truoc", {
      method: "POST", body: data, credentials: "same-origin"
    }).then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); });
  }

  function current() {
    var c = form.querySelector("input[name=body_format]:checked");
    return c ? c.value : "markdown";
  }

  var last = current();
  Array.prototype.forEach.call(radios, function (r) {
    r.addEventListener("change", function () {
      var to = current();
      if (to === last) return;
      try { localStorage.setItem("cong.bodyFormat", to); } catch (e) { /* private mode */ }
      if (to === "html") {
        var md = body.value;
        (md.trim() ? markdownToHtml(md) : Promise.resolve("")).then(function (html) {
          body.value = html;
          return startEditor();
        }).catch(function () {
          /* the Markdown could not be rendered: stay in Markdown rather than lose it */
          form.querySelector("input[name=body_format][value=markdown]").checked = true;
          last = "markdown";
        });
      } else {
        /* the HTML stays as it is: Markdown passes HTML blocks through, so nothing is lost */
        stopEditor();
      }
      last = to;
      form.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });

  /* A new, empty article starts in the writer's last choice. */
  var saved = null;
  try { saved = localStorage.getItem("cong.bodyFormat"); } catch (e) { /* private mode */ }
  if (current() === "markdown" && !body.value.trim() && saved === "html" && /\/moi$/.test(form.getAttribute("action") || "")) {
    form.querySelector("input[name=body_format][value=html]").checked = true;
    last = "html";
  }
  if (current() === "html") startEditor();
})();
