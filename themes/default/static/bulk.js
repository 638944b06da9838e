/* The article list's bulk actions: a "select all" box over the ticks of each row, and the
   category select shown only for "move". The form works the same without this script. */
(function () {
  "use strict";
  /* The page's language: the English of a message when the page loaded /i18n/en.js. */
  function T(s) { return window.CONG_T && window.CONG_T[s] || s; }
  var form = document.getElementById("bulk-form");
  if (!form) return;
  var boxes = form.querySelectorAll('input[type="checkbox"][name="id"]');
  var bar = form.querySelector(".bulk-bar");
  if (bar && boxes.length) {
    /* above the table, not in its head: on phones the table's head is hidden */
    var p = document.createElement("p");
    p.className = "bulk-all";
    var all = document.createElement("input");
    all.type = "checkbox";
    all.id = "chon-tat-ca";
    var label = document.createElement("label");
    label.htmlFor = "chon-tat-ca";
    label.textContent = T("Chọn tất cả bài trong trang");
    p.appendChild(all);
    p.appendChild(label);
    bar.insertBefore(p, bar.querySelector("legend").nextSibling);
    all.addEventListener("change", function () {
      for (var i = 0; i < boxes.length; i++) boxes[i].checked = all.checked;
    });
    form.addEventListener("change", function (e) {
      if (e.target.name !== "id") return;
      var n = 0;
      for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) n++;
      all.checked = n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
    });
  }
  var act = document.getElementById("thao-tac");
  var cat = document.getElementById("chuyen-muc-moi");
  if (act && cat) {
    var row = cat.parentNode;
    var sync = function () { row.hidden = act.value !== "move"; };
    act.addEventListener("change", sync);
    sync();
  }
})();
