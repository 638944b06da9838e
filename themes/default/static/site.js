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

/*
 * The banner portlet: one picture at a time with previous, next and pause buttons (the arrow
 * keys too while focus is in it). It moves by itself only when the editor chose so and the
 * visitor has not asked for reduced motion, and stops while the pointer or focus is in it.
 */
(function () {
  'use strict';
  var reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  Array.prototype.forEach.call(document.querySelectorAll('.portlet-banner'), function (box) {
    var slides = box.querySelectorAll('.banner-slide');
    var controls = box.querySelector('.banner-controls');
    if (slides.length < 2 || !controls) return;
    var list = box.querySelector('.banner-slides');
    var pause = box.querySelector('.banner-pause');
    var at = 0, timer = null, hold = false;
    var playing = box.hasAttribute('data-autoplay') && !reduce;
    var every = parseInt(box.getAttribute('data-interval'), 10) || 6000;
    function show(i) {
      slides[at].classList.remove('current');
      at = (i + slides.length) % slides.length;
      slides[at].classList.add('current');
    }
    function tick() {
      clearTimeout(timer);
      timer = null;
      if (playing && !hold) timer = setTimeout(function () { show(at + 1); tick(); }, every);
    }
    function state() {
      /* the two words come translated from the page (data-pause, data-play) */
      pause.textContent = pause.getAttribute(playing ? 'data-pause' : 'data-play') || pause.textContent;
      /* a moving slider does not talk; a still one says which picture it shows */
      list.setAttribute('aria-live', playing ? 'off' : 'polite');
      tick();
    }
    box.classList.add('js-slider');
    controls.hidden = false;
    slides[0].classList.add('current');
    box.querySelector('.banner-prev').addEventListener('click', function () { show(at - 1); tick(); });
    box.querySelector('.banner-next').addEventListener('click', function () { show(at + 1); tick(); });
    pause.addEventListener('click', function () { playing = !playing; state(); });
    box.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowLeft') { show(at - 1); tick(); }
      else if (e.key === 'ArrowRight') { show(at + 1); tick(); }
    });
    box.addEventListener('mouseenter', function () { hold = true; tick(); });
    box.addEventListener('mouseleave', function () { hold = false; tick(); });
    box.addEventListener('focusin', function () { hold = true; tick(); });
    box.addEventListener('focusout', function (e) {
      if (!box.contains(e.relatedTarget)) { hold = false; tick(); }
    });
    state();
  });
})();
