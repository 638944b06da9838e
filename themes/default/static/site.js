/*
 * The public pages' small helpers; every page works without them.
 * The main menu's sub-menus become disclosure buttons (aria-expanded; Enter and Space open
 * and close them as buttons do, Escape closes the open one and returns to its button);
 * without this file they open on hover and keyboard focus (CSS :focus-within).
 * The banner portlet's slides (see its part below).
 */
(function () {
  'use strict';
  var nav = document.querySelector('.site-nav');
  if (nav) {
    var toggles = Array.prototype.slice.call(nav.querySelectorAll('.sub-toggle'));
    var close = function (b) {
      b.setAttribute('aria-expanded', 'false');
      b.parentNode.classList.remove('open');
    };
    nav.classList.add('js');
    toggles.forEach(function (b) {
      b.hidden = false;
      b.addEventListener('click', function () {
        var was = b.getAttribute('aria-expanded') === 'true';
        toggles.forEach(close);
        if (!was) {
          b.setAttribute('aria-expanded', 'true');
          b.parentNode.classList.add('open');
        }
      });
    });
    nav.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape' && e.key !== 'Esc') return;
      var li = e.target.closest && e.target.closest('.has-sub.open');
      if (!li) return;
      var b = li.querySelector('.sub-toggle');
      close(b);
      b.focus();
    });
    nav.addEventListener('focusout', function (e) {
      var li = e.target.closest && e.target.closest('.has-sub.open');
      if (li && !(e.relatedTarget && li.contains(e.relatedTarget)))
        close(li.querySelector('.sub-toggle'));
    });
    document.addEventListener('click', function (e) {
      if (!nav.contains(e.target)) toggles.forEach(close);
    });
  }
})();
