/*
 * Colour contrast of a page by WCAG 2.1 AA (success criteria 1.4.3 and 1.4.11), measured
 * from what the browser computed rather than from the style sheet:
 *
 * - every element with visible text of its own (text nodes, the value or placeholder of a
 *   field, the text of ::before and ::after) is checked: its colour (with the opacity of it
 *   and its ancestors) against the background behind it, found by walking up its ancestors
 *   and compositing their background colours (alpha included) over the canvas; 4.5:1, or
 *   3:1 for large text (24 px, or 18.66 px and bold);
 * - a background image or gradient on the way is no excuse: a gradient is checked at each of
 *   its colour stops and the background colour declared under it (its fallback, for when
 *   images are off or the page is printed); an image needs such a declared colour, which
 *   is then checked;
 * - every link, button and field is then focused from the keyboard's point of view
 *   (:focus-visible) and checked again in that state: its text, and its focus indicator
 *   (outline or box-shadow), which must differ from the unfocused look and reach 3:1 against
 *   what is around it.
 *
 * Hidden text (display, visibility, opacity 0, clipped to a pixel, off the page) is not
 * visible text and is left out; disabled fields are exempt as WCAG says. checkContrast()
 * also takes the targets axe-core left "incomplete" for its color-contrast rule and reports
 * any of them this check did not measure itself, so nothing is left unchecked.
 */

/* Runs in the page: everything it needs is inside. */
function inPage({ focus, incomplete }) {
    const canvasCtx = document.createElement('canvas').getContext('2d');

    function parse(c) {
        let m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/
            .exec(c);
        if (!m) {
            /* anything else the engine can draw: let the canvas say it in rgb() */
            canvasCtx.fillStyle = '#000';
            canvasCtx.fillStyle = c;
            const s = canvasCtx.fillStyle;
            if (s[0] === '#') {
                return [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16),
                        parseInt(s.slice(5, 7), 16), 1];
            }
            m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/
                .exec(s);
            if (!m) return null;
        }
        let a = m[4] === undefined ? 1 : Number(m[4]);
        if (m[5]) a /= 100;
        return [Number(m[1]), Number(m[2]), Number(m[3]), a];
    }
    /* colour c (with alpha) painted over the opaque colour under */
    function over(c, under) {
        const a = c[3];
        return [c[0] * a + under[0] * (1 - a), c[1] * a + under[1] * (1 - a),
                c[2] * a + under[2] * (1 - a), 1];
    }
    function lum(c) {
        const f = (v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    }
    function ratio(a, b) {
        const x = lum(a), y = lum(b);
        return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    }
    const hex = (c) => '#' + c.slice(0, 3).map((v) => Math.round(v).toString(16)
        .padStart(2, '0')).join('') + (c[3] < 1 ? `/${c[3].toFixed(2)}` : '');
    function selector(el) {
        const parts = [];
        for (let e = el; e && e.nodeType === 1 && parts.length < 5; e = e.parentElement) {
            if (e.id) {
                parts.unshift('#' + CSS.escape(e.id));
                break;
            }
            let s = e.localName;
            const cls = [...e.classList].slice(0, 2).map((c) => '.' + CSS.escape(c)).join('');
            s += cls;
            const p = e.parentElement;
            if (p) {
                const same = [...p.children].filter((k) => k.localName === e.localName);
                if (same.length > 1) s += `:nth-of-type(${same.indexOf(e) + 1})`;
            }
            parts.unshift(s);
        }
        return parts.join(' > ');
    }

    /* a comma-separated list split at its top level only (not inside parentheses) */
    function topLevel(list) {
        const out = [];
        let depth = 0, from = 0;
        for (let i = 0; i < list.length; i++) {
            if (list[i] === '(') depth++;
            else if (list[i] === ')') depth--;
            else if (list[i] === ',' && depth === 0) {
                out.push(list.slice(from, i));
                from = i + 1;
            }
        }
        out.push(list.slice(from));
        return out;
    }
    /* the effective opacity of an element: its own times its ancestors' */
    function opacity(el) {
        let o = 1;
        for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
        return o;
    }
    /* the canvas: the root's background, else the body's (propagated), else white */
    function canvas() {
        for (const e of [document.documentElement, document.body]) {
            const c = e && parse(getComputedStyle(e).backgroundColor);
            if (c && c[3] > 0) return over(c, [255, 255, 255, 1]);
        }
        return [255, 255, 255, 1];
    }
    const base = canvas();

    /*
     * The backgrounds the text of `el` may stand on, from `pseudo`'s own background up:
     * a list of opaque colours (more than one where a gradient lies under it) and the
     * problems on the way (an image or gradient with no declared colour under it).
     */
    function backgrounds(el, pseudo) {
        const layers = [];
        const notes = [];
        const add = (cs, who) => {
            const color = parse(cs.backgroundColor) || [0, 0, 0, 0];
            const img = cs.backgroundImage;
            const layer = { color, stops: null };
            if (img && img !== 'none') {
                const grad = /gradient\(/.test(img);
                const url = /url\(/.test(img);
                if (grad) {
                    /* each gradient's stops, the bottom one first (the list starts at the top) */
                    layer.stops = topLevel(img).reverse()
                        .map((g) => (g.match(/rgba?\([^)]*\)/g) || []).map(parse).filter(Boolean))
                        .filter((g) => g.length);
                }
                if (color[3] === 0) {
                    notes.push(`${url ? 'background image' : 'gradient'} on ${who} without a ` +
                               'declared background colour under it');
                }
            }
            layers.push(layer);
            return color[3] >= 1;
        };
        let opaque = false;
        if (pseudo) opaque = add(getComputedStyle(el, pseudo), selector(el) + pseudo);
        for (let e = el; e && !opaque; e = e.parentElement) {
            opaque = add(getComputedStyle(e), selector(e));
        }
        let cands = [opaque ? null : base];
        for (let i = layers.length - 1; i >= 0; i--) {
            const L = layers[i];
            /* the layer's colour, then each of its gradients over it, every stop over every
               colour the gradients below may have left (and the colour alone: the fallback) */
            let next = cands.map((c) => (c ? over(L.color, c)
                : L.color[3] >= 1 ? L.color : over(L.color, base)));
            for (const g of L.stops || []) {
                next = next.concat(next.flatMap((u) => g.map((st) => over(st, u))));
            }
            cands = next;
        }
        return { colors: cands, notes };
    }

    function visibleBox(el) {
        if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return null;
        const r = el.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) return null;
        /* off the page to the left or top, like a trap field or an unfocused skip link */
        if (r.right + scrollX <= 0 || r.bottom + scrollY <= 0) return null;
        /* clipped away by an ancestor: the visually-hidden pattern */
        for (let e = el; e && e !== document.body; e = e.parentElement) {
            const cs = getComputedStyle(e);
            if (cs.clip === 'rect(0px, 0px, 0px, 0px)' || cs.clipPath === 'inset(50%)') return null;
            if (cs.overflow !== 'visible') {
                const b = e.getBoundingClientRect();
                if (b.width <= 1 || b.height <= 1) return null;
            }
        }
        return r;
    }
    function large(cs) {
        const px = parseFloat(cs.fontSize);
        return px >= 24 || (px >= 18.66 && Number(cs.fontWeight) >= 700);
    }
    function disabled(el) {
        return el.matches(':disabled') || !!el.closest('[aria-disabled="true"], fieldset:disabled');
    }

    const failures = [];
    const checked = new Set();
    let count = 0;

    /* checks text of `el` (or its pseudo-element) drawn in colour `fg`; `state` names it */
    function checkText(el, pseudo, what, state) {
        const cs = getComputedStyle(el, pseudo || null);
        /* SVG text is drawn in its fill */
        let fg = parse(el instanceof SVGElement ? cs.fill
            : cs.webkitTextFillColor && cs.webkitTextFillColor !== cs.color
                ? cs.webkitTextFillColor : cs.color);
        if (what === 'placeholder') fg = parse(getComputedStyle(el, '::placeholder').color);
        if (!fg) return;
        fg = [fg[0], fg[1], fg[2], fg[3] * opacity(el)];
        if (fg[3] === 0) return;
        const { colors, notes } = backgrounds(el, pseudo);
        const need = large(cs) ? 3 : 4.5;
        let worst = null;
        for (const bg of colors) {
            const r = ratio(over(fg, bg), bg);
            if (!worst || r < worst.r) worst = { r, bg };
        }
        count++;
        checked.add(el);
        const where = selector(el) + (pseudo || '');
        for (const n of notes) failures.push(`${where}${state}: ${n}`);
        if (worst.r < need) {
            failures.push(`${where}${state}: ${what} ${JSON.stringify(sample(el, pseudo, what))} ` +
                          `${hex(fg)} on ${hex(worst.bg)} is ${worst.r.toFixed(2)}:1, needs ` +
                          `${need}:1 (${cs.fontSize} ${cs.fontWeight})`);
        }
    }
    function sample(el, pseudo, what) {
        let t;
        if (pseudo) t = getComputedStyle(el, pseudo).content;
        else if (what === 'placeholder') t = el.placeholder;
        else if (what === 'value') {
            t = el.localName === 'select' ? el.selectedOptions[0]?.text : el.value;
        }
        else t = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join('');
        return (t || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    }
    /* text that `el` itself shows */
    function texts(el) {
        const out = [];
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && /\S/.test(n.data) &&
            (() => {
                const rg = document.createRange();
                rg.selectNodeContents(n);
                const b = rg.getBoundingClientRect();
                return b.width > 1 && b.height > 1;
            })());
        if (own) out.push([null, 'text']);
        if (el.matches('input:not([type=hidden],[type=checkbox],[type=radio],[type=range],' +
                       '[type=color],[type=file],[type=image]), textarea, select')) {
            if (el.localName === 'select' ? el.selectedOptions.length && !el.multiple
                : el.value) out.push([null, 'value']);
            else if (el.placeholder) out.push([null, 'placeholder']);
        }
        if (el instanceof SVGElement) return out;
        for (const p of ['::before', '::after']) {
            const c = getComputedStyle(el, p).content;
            /* quoted text with a letter or digit in it (not icons drawn with borders) */
            if (c && c !== 'none' && c !== 'normal' && /["'].*[\p{L}\p{N}].*["']/u.test(c)) {
                out.push([p, 'text']);
            }
        }
        return out;
    }

    const all = [...document.body.querySelectorAll('*')]
        .filter((e) => !['script', 'style', 'template', 'noscript', 'svg', 'path', 'iframe',
                         'img', 'video', 'audio', 'canvas', 'option', 'optgroup']
            .includes(e.localName) && (!e.closest('svg') || e.localName === 'text'));
    for (const el of all) {
        const t = texts(el);
        if (!t.length || disabled(el) || !visibleBox(el)) continue;
        for (const [pseudo, what] of t) checkText(el, pseudo, what, '');
    }

    let focused = 0;
    if (focus) {
        const before = document.activeElement;
        const stops = all.filter((e) => e.matches('a[href], button, summary, input, select, ' +
                                                  'textarea, [tabindex]') &&
            !e.matches('[tabindex="-1"], input[type=hidden]') && !disabled(e));
        for (const el of stops) {
            const out = getComputedStyle(el);
            const plain = { outline: `${out.outlineStyle} ${out.outlineWidth} ${out.outlineColor}`,
                            shadow: out.boxShadow };
            el.focus({ preventScroll: true });
            if (document.activeElement !== el) continue;
            const box = visibleBox(el);
            if (!box) continue;
            focused++;
            const cs = getComputedStyle(el);
            const where = selector(el) + ':focus';
            if (!el.matches(':focus-visible')) {
                failures.push(`${where}: does not match :focus-visible when focused`);
                continue;
            }
            /* its text in the focused state */
            for (const [pseudo, what] of texts(el)) checkText(el, pseudo, what, ':focus');
            /* its indicator: an outline or box-shadow it did not have unfocused */
            const ring = [];
            const outline = `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`;
            if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 &&
                outline !== plain.outline) {
                const inside = parseFloat(cs.outlineOffset) + parseFloat(cs.outlineWidth) <= 0;
                ring.push({ color: parse(cs.outlineColor), inside });
            }
            if (cs.boxShadow !== 'none' && cs.boxShadow !== plain.shadow) {
                for (const one of topLevel(cs.boxShadow)) {
                    const c = /rgba?\([^)]*\)/.exec(one);
                    /* a shadow that spreads or lies inside draws a line; a blur alone does not */
                    if (c) ring.push({ color: parse(c[0]), inside: /inset/.test(one) });
                }
            }
            if (!ring.length) {
                failures.push(`${where}: no visible focus indicator (outline ${outline}, ` +
                              `box-shadow ${cs.boxShadow})`);
                continue;
            }
            const inner = backgrounds(el, null).colors;
            const outer = el.parentElement ? backgrounds(el.parentElement, null).colors : [base];
            let best = 0;
            for (const r of ring) {
                if (!r.color || r.color[3] === 0) continue;
                const around = r.inside ? inner : outer;
                const worst = Math.min(...around.map((bg) => ratio(over(r.color, bg), bg)));
                best = Math.max(best, worst);
            }
            if (best < 3) {
                failures.push(`${where}: focus indicator reaches only ${best.toFixed(2)}:1 ` +
                              'against what is around it, needs 3:1');
            }
        }
        if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
        if (before && before !== document.body && before.focus) {
            before.focus({ preventScroll: true });
        }
    }

    /* axe-core's undecided colour-contrast nodes: each must be one this check measured */
    const unchecked = [];
    for (const target of incomplete) {
        const el = typeof target === 'string' ? document.querySelector(target) : null;
        if (!el) {
            unchecked.push(`${JSON.stringify(target)} (not found)`);
            continue;
        }
        if (!checked.has(el)) unchecked.push(`${JSON.stringify(target)} (${selector(el)})`);
    }
    return { count, focused, failures, unchecked };
}

/*
 * Measures the page's contrast as described above. `incomplete` is axe-core's list of
 * node targets it could not decide for color-contrast. Resolves to {count (texts checked),
 * focused (stops checked focused), failures, unchecked}; fails nothing itself.
 */
export async function checkContrast(page, { focus = true, incomplete = [] } = {}) {
    return page.evaluate(inPage, { focus, incomplete });
}
