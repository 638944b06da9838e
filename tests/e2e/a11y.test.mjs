/*
 * Every page usable by everyone (Thông tư 26/2020/TT-BTTTT, which builds on WCAG 2.1 AA):
 * every kind of public page and every admin page, at a phone's width (360 px) and a
 * desktop's (1280 px), checked by axe-core (tags wcag2a, wcag2aa, wcag21a, wcag21aa and
 * best-practice: no violation at all) and by contrast.mjs (the colour of every visible text,
 * focused links and buttons included, and whatever axe-core left undecided); then a walk
 * with the keyboard alone (the skip link, the main menu and a sub-menu, the header search,
 * an article from the results, the question form and its error), each stop showing a visible
 * focus indicator.
 *
 * One server and one browser for the whole file, one context per width; the admin's
 * session is made once and its cookies are given to each context after its public pages.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { checkContrast } from './contrast.mjs';
import { ARTIFACTS, launchBrowser, sanitizerReports, screenshot, startServer }
    from './harness.mjs';

const ADMIN = { quantri: { role: 'admin', password: 'quan-tri-vien-a11y' } };
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const WIDTHS = [360, 1280];
const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let server = null;
let browser = null;
let adminCookies = null;
/* what the demo holds, found through the API: {article, draft, document, question, ...} */
const demo = {};

/* Submits the form that `button` belongs to and waits for the page it leads to. */
async function submit(page, button) {
    await Promise.all([page.waitForNavigation(), button.click()]);
}

/* Remembers how every element that can take focus looks unfocused (outline, box-shadow). */
async function rememberPlain(page) {
    await page.evaluate(() => {
        /* nothing focused while measuring (site.js may have focused a field at fault) */
        const had = document.activeElement;
        had?.blur();
        window.__plain = new Map();
        for (const el of document.querySelectorAll('a[href], button, input, select, textarea, ' +
                                                   'summary, [tabindex]')) {
            const cs = getComputedStyle(el);
            window.__plain.set(el, `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}|` +
                                   cs.boxShadow);
        }
        if (had && had !== document.body) had.focus({ preventScroll: true });
    });
}

/*
 * Presses `key` and describes where focus went: {name, id, href, cls, ...}; fails unless the
 * element is on screen and shows that it has focus (an outline or box-shadow it did not have
 * unfocused).
 */
async function press(page, key = 'Tab') {
    await page.keyboard.press(key);
    const s = await page.evaluate(() => {
        const el = document.activeElement;
        const cs = getComputedStyle(el);
        const now = `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}|${cs.boxShadow}`;
        const r = el.getBoundingClientRect();
        const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) ||
            cs.boxShadow !== 'none';
        return {
            tag: el.localName, id: el.id, cls: el.className, href: el.getAttribute('href'),
            name: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim()
                .slice(0, 40),
            onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
                r.top < innerHeight && r.left < innerWidth,
            shows: ring && window.__plain?.get(el) !== undefined && now !== window.__plain.get(el),
            plain: window.__plain?.get(el), now,
        };
    });
    if (s.tag === 'body' || s.tag === 'main') return s;
    assert.ok(s.onScreen, `focus after ${key} is off screen: ${JSON.stringify(s)}`);
    assert.ok(s.shows, `no visible focus indicator after ${key}: ${JSON.stringify(s)}`);
    return s;
}

/* Presses Tab until `want(stop)` (at most `max` times); resolves to that stop. */
async function tabTo(page, want, what, max = 60) {
    for (let i = 0; i < max; i++) {
        const s = await press(page, 'Tab');
        if (want(s)) return s;
    }
    throw new Error(`${what} not reached within ${max} presses of Tab`);
}

/* The skip link: the first Tab shows it, Enter moves focus to the main content. */
async function skip(page) {
    await rememberPlain(page);
    const s = await press(page, 'Tab');
    assert.equal(s.cls, 'skip-link', 'the first Tab reaches the skip link');
    assert.equal(s.name, 'Bỏ qua điều hướng');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'noi-dung',
                 'Enter on the skip link moves focus to the main content');
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, Math.max(0, ms)));

/* Ticks the first n articles of the admin's list. */
async function pick(page, n) {
    for (let i = 0; i < n; i++) await page.locator('.col-pick input').nth(i).check();
}

/*
 * The pages: [name, path or () => path, options]. Options: `then(page)` brings the page into
 * the state to check (a form sent back with its error, a bulk action chosen); `status` is
 * the answer expected otherwise (200 by default); `shows` a selector that must then be on
 * the page; `invalid` a field that must be marked aria-invalid and described by the alert;
 * `saved` a download, looked at as the file it saves.
 */
const PUBLIC = [
    ['home', '/'],
    ['category', () => demo.category],
    ['article', () => demo.article],
    ['article print view', () => demo.article + '?in=1'],
    ['article saved copy', () => demo.article + '/luu', { saved: true }],
    ['portal page', '/trang/gioi-thieu'],
    ['search with results', '/tim-kiem?q=tr%C6%B0%E1%BB%9Dng'],
    ['search without results', '/tim-kiem?q=zzqxwv'],
    ['documents', '/van-ban'],
    ['document', () => demo.document],
    ['draft document', () => demo.draft],
    ['draft comment form', () => demo.draft + '/gop-y'],
    ['draft comment form error', () => demo.draft + '/gop-y', {
        shows: '[role=alert]',
        async then(page) {
            /* refused either way: sent too soon, or (on a slow machine) for its address,
               which the browser lets by and the portal does not */
            await page.getByLabel('Họ và tên').fill('Nguyễn Văn Góp');
            await page.getByLabel('Thư điện tử').fill('gop@localhost');
            await page.getByLabel(/Nội dung/).fill('Góp ý gửi ngay khi mở.');
            await submit(page, page.getByRole('button', { name: /Gửi góp ý/ }));
        },
    }],
    ['schedule', '/lich-cong-tac'],
    ['schedule print view', '/lich-cong-tac?in=1'],
    ['questions', '/hoi-dap'],
    ['question', () => demo.question],
    ['question form', '/hoi-dap/gui'],
    ['question form error', '/hoi-dap/gui', {
        shows: '[role=alert]',
        async then(page) {
            await page.getByLabel('Họ và tên').fill('   ');
            await page.getByLabel('Thư điện tử').fill('thu@example.vn');
            await page.getByLabel('Tiêu đề câu hỏi').fill('Câu hỏi gửi quá nhanh');
            await page.getByLabel('Nội dung câu hỏi').fill('Gửi ngay khi mở biểu mẫu.');
            await submit(page, page.getByRole('button', { name: 'Gửi câu hỏi' }));
        },
    }],
    ['question sent', '/hoi-dap/da-gui'],
    ['login', '/dang-nhap'],
    ['login error', '/dang-nhap', {
        shows: '[role=alert]',
        async then(page) {
            await page.getByLabel('Tên đăng nhập').fill('quantri');
            await page.getByLabel('Mật khẩu').fill('khong-dung');
            await submit(page, page.getByRole('button', { name: 'Đăng nhập' }));
        },
    }],
    ['forgot password', '/quen-mat-khau'],
    ['reset password, bad link', '/dat-lai-mat-khau?ma=khong-hop-le', { status: 404 }],
    ['not found', '/khong-co-trang-nay', { status: 404 }],
];

const ADMIN_PAGES = [
    ['dashboard', '/quan-tri'],
    ['account', '/tai-khoan'],
    ['logout', '/dang-xuat'],
    ['articles', '/quan-tri/bai-viet'],
    ['article new', '/quan-tri/bai-viet/moi'],
    ['article edit', () => demo.articleEdit],
    ['article edit error', () => demo.articleEdit, {
        shows: '[role=alert]',
        invalid: '#title',
        async then(page) {
            await page.locator('#tieu-de, [name=title]').first().fill('   ');
            await page.evaluate(() => document.querySelectorAll('[required]')
                .forEach((e) => e.removeAttribute('required')));
            await submit(page, page.getByRole('button', { name: /^Lưu/ }).first());
        },
    }],
    ['article history', () => demo.articleEdit + '/lich-su'],
    ['article revision', () => demo.revision],
    ['article preview', () => demo.articleEdit + '/xem-truoc'],
    ['article delete', () => demo.articleEdit + '/xoa'],
    ['articles bulk result', '/quan-tri/bai-viet', {
        shows: '.bulk-list',
        async then(page) {
            await pick(page, 2);
            await page.locator('#thao-tac').selectOption('submit');
            await submit(page, page.locator('.bulk-bar button').first());
        },
    }],
    ['articles bulk delete', '/quan-tri/bai-viet', {
        shows: '.confirm-box',
        async then(page) {
            await pick(page, 2);
            await page.locator('#thao-tac').selectOption('delete');
            await submit(page, page.locator('.bulk-bar button').first());
        },
    }],
    ['categories', '/quan-tri/chuyen-muc'],
    ['media', '/quan-tri/thu-vien'],
    ['pages', '/quan-tri/trang'],
    ['portal page edit', '/quan-tri/trang/1'],
    ['portlet edit', '/quan-tri/portlet/1'],
    ['menus', '/quan-tri/menu'],
    ['menu item edit', '/quan-tri/menu?menu=main&sua=1'],
    ['settings', '/quan-tri/cai-dat'],
    ['users', '/quan-tri/nguoi-dung'],
    ['documents', '/quan-tri/van-ban'],
    ['document new', '/quan-tri/van-ban/moi'],
    ['document edit', '/quan-tri/van-ban/6'],
    ['schedule', '/quan-tri/lich-cong-tac'],
    ['schedule entry', '/quan-tri/lich-cong-tac/1'],
    ['questions', '/quan-tri/hoi-dap'],
    ['question', '/quan-tri/hoi-dap/5'],
    ['redirects', '/quan-tri/chuyen-huong'],
    ['stats', '/quan-tri/thong-ke'],
    ['audit', '/quan-tri/nhat-ky'],
];

/*
 * axe-core with the tags above and the contrast check on the page as it is now; returns the
 * problems found, each a line naming the rule and the elements (empty when all is well).
 */
/* A11Y_PROFILE=1: how long each page's checks take */
const PROFILE = !!process.env.A11Y_PROFILE;
async function audit(page) {
    const t0 = Date.now();
    const r = await page.evaluate(async (tags) => {
        const res = await window.axe.run(document, {
            runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'],
        });
        return {
            violations: res.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n      ` +
                v.nodes.slice(0, 8).map((n) => n.target.join(' ') +
                    (n.failureSummary ? ' — ' + n.failureSummary.split('\n').slice(1, 2)
                        .join('').trim() : '')).join('\n      ')),
            incomplete: res.incomplete.filter((v) => v.id === 'color-contrast')
                .flatMap((v) => v.nodes.map((n) => n.target[0])),
        };
    }, TAGS);
    const t1 = Date.now();
    const c = await checkContrast(page, { incomplete: r.incomplete });
    if (PROFILE) {
        console.log(`axe ${t1 - t0} ms, contrast ${Date.now() - t1} ms (${c.count} texts, ` +
                    `${c.focused} focused) ${page.url()}`);
    }
    const out = [...r.violations];
    if (c.failures.length) out.push('contrast: ' + c.failures.join('\n      '));
    if (c.unchecked.length) {
        out.push('axe color-contrast incomplete, not measured: ' + c.unchecked.join(', '));
    }
    if (c.count === 0) out.push('contrast: no visible text found at all');
    return out;
}

before(async () => {
    server = await startServer({ users: ADMIN });
    browser = await launchBrowser();
    const api = async (path) => {
        const res = await fetch(server.url + path);
        assert.equal(res.status, 200, path);
        return res.json();
    };
    const arts = (await api('/api/v1/articles?per_page=50')).items;
    const art = arts.find((a) => a.cover) || arts[0];
    demo.article = new URL(art.url, server.url).pathname;
    demo.articleEdit = `/quan-tri/bai-viet/${art.id}`;
    const docs = (await api('/api/v1/documents?per_page=100')).items;
    demo.draft = new URL(docs.find((d) => d.open).url, server.url).pathname;
    demo.document = new URL(docs.find((d) => !d.open).url, server.url).pathname;
    demo.question = `/hoi-dap/${(await api('/api/v1/questions')).items[0].id}`;
    demo.category = (await api('/api/v1/categories')).items[0].url;

    /* the admin's session, made once */
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(server.url + '/dang-nhap');
    await page.getByLabel('Tên đăng nhập').fill('quantri');
    await page.getByLabel('Mật khẩu').fill(ADMIN.quantri.password);
    await submit(page, page.getByRole('button', { name: 'Đăng nhập' }));
    adminCookies = await ctx.cookies();
    const revs = await (await page.request.get(
        `${server.url}/api/v1/articles/${art.id}/revisions`)).json();
    demo.revision = `${demo.articleEdit}/lich-su/${revs.items[0].id}`;
    await ctx.close();
});

after(async () => {
    if (browser) await browser.close();
    if (server) {
        const log = server.log;
        const how = await server.stop();
        const reports = sanitizerReports(log);
        if (reports.length || how !== 0) {
            fs.mkdirSync(ARTIFACTS, { recursive: true });
            fs.writeFileSync(`${ARTIFACTS}/failed-a11y.log`, log.join('\n') + '\n');
        }
        assert.deepEqual(reports, [], 'sanitizer report in the server log');
        assert.equal(how, 0, 'cong serve stopped cleanly');
    }
});

/* one context per width, both kept for the whole file; pages are checked at both at once */
const views = [];
let form = null;

describe('every page', () => {
    before(async () => {
        for (const width of WIDTHS) {
            const ctx = await browser.newContext({ viewport: { width, height: 800 } });
            /* axe-core in every page before its own scripts; no HTML copies in its answers */
            await ctx.addInitScript(AXE + ';axe.configure({ noHtml: true });');
            views.push({ width, ctx, page: await ctx.newPage() });
        }
        /* the keyboard walk's question form, opened now: it refuses what is sent within 5 s */
        form = await views[1].ctx.newPage();
        await form.goto(server.url + '/hoi-dap/gui');
    });
    after(async () => {
        for (const v of views) await v.ctx.close();
    });
    let loggedIn = false;
    const check = (group, [name, path, opt = {}]) => test(`${group}: ${name}`, async () => {
        const url = server.url + (typeof path === 'function' ? path() : path);
        if (group === 'admin' && !loggedIn) {
            for (const v of views) await v.ctx.addCookies(adminCookies);
            loggedIn = true;
        }
        const found = await Promise.all(views.map(async ({ width, page }) => {
            /* a download (the saved copy of an article) is looked at as the file it saves:
               shown in place, without the site's headers */
            if (opt.saved) {
                await page.route(url, async (route) => {
                    const r = await route.fetch();
                    assert.match(r.headers()['content-disposition'] || '', /attachment/);
                    await route.fulfill({ response: r, headers: {
                        'content-type': r.headers()['content-type'] } });
                });
            }
            const t0 = Date.now();
            const res = await page.goto(url, { waitUntil: 'domcontentloaded' });
            if (PROFILE) console.log(`goto ${Date.now() - t0} ms ${url}`);
            if (opt.saved) await page.unrouteAll();
            if (opt.then) await opt.then(page);
            else assert.equal(res.status(), opt.status || 200, url);
            /* the page meant, not the login page it might send a visitor to */
            if (group === 'admin') assert.doesNotMatch(page.url(), /\/dang-nhap/);
            if (opt.shows) await page.locator(opt.shows).first().waitFor({ timeout: 5000 });
            if (opt.invalid) {
                /* the field at fault says so, and is described by the message */
                const f = await page.locator(opt.invalid).evaluate((el) => ({
                    invalid: el.getAttribute('aria-invalid'),
                    by: (el.getAttribute('aria-describedby') || '').split(/\s+/)
                        .map((id) => document.getElementById(id)?.getAttribute('role')),
                }));
                assert.equal(f.invalid, 'true', `${opt.invalid} is marked aria-invalid`);
                assert.ok(f.by.includes('alert'), `${opt.invalid} is described by the message`);
            }
            const problems = await audit(page);
            if (!problems.length) return '';
            const file = await screenshot(page, `a11y-${width}-${group}-${name}`);
            return `${problems.length} problem kinds on ${page.url()} at ${width} px ` +
                   `(${file}):\n  ${problems.join('\n  ')}`;
        }));
        const bad = found.filter(Boolean);
        if (bad.length) assert.fail(bad.join('\n'));
    });
    for (const p of PUBLIC) check('public', p);
    for (const p of ADMIN_PAGES) check('admin', p);

    test('the keyboard alone: skip link, menu, search, an article, the question form',
         async () => {
        const [narrow, wide] = views;
        const page = wide.page;

        /* the question form: a name of spaces only is refused, with focus on that field */
        await form.bringToFront();
        await skip(form);
        const fields = [['hd-name', '   '], ['hd-email', 'thu@example.vn'],
                        ['hd-title', 'Hỏi bằng bàn phím'], ['hd-body', 'Không dùng chuột.']];
        await tabTo(form, (s) => s.id === 'hd-name', 'the name field');
        for (const [id, text] of fields) {
            if (id !== 'hd-name') assert.equal((await press(form, 'Tab')).id, id);
            await form.keyboard.type(text);
        }
        assert.equal((await press(form, 'Tab')).name, 'Gửi câu hỏi');
        let res = form.waitForNavigation();
        await form.keyboard.press('Enter');
        assert.equal((await res).status(), 400);
        const again = Date.now();
        const alert = form.getByRole('alert');
        assert.match(await alert.textContent(), /họ và tên/);
        /* focus is on the field at fault, which says what is wrong with it */
        const name = await form.evaluate(() => {
            const el = document.activeElement;
            return { id: el.id, invalid: el.getAttribute('aria-invalid'),
                     by: el.getAttribute('aria-describedby') };
        });
        assert.deepEqual(name, { id: 'hd-name', invalid: 'true', by: 'hd-loi' });
        assert.equal(await form.getByLabel('Tiêu đề câu hỏi').inputValue(), 'Hỏi bằng bàn phím');
        await page.bringToFront();

        /* the skip link, then the main menu and a sub-menu's disclosure button */
        await page.goto(server.url + '/');
        await skip(page);
        await page.goto(server.url + '/');
        await rememberPlain(page);
        await press(page, 'Tab');
        const toggle = await tabTo(page, (s) => /sub-toggle/.test(s.cls), 'a sub-menu button');
        const expanded = () => page.evaluate(() => document.activeElement
            .getAttribute('aria-expanded'));
        assert.equal(await expanded(), 'false');
        await page.keyboard.press('Enter');
        assert.equal(await expanded(), 'true', 'Enter opens the sub-menu');
        const first = await press(page, 'Tab');
        assert.equal(first.tag, 'a', 'Tab goes into the open sub-menu');
        assert.ok(await page.evaluate(() => !!document.activeElement.closest('.sub-menu')),
                  'the first link of the sub-menu has focus');
        const back = await press(page, 'Escape');
        assert.equal(back.cls, toggle.cls, 'Escape returns to the sub-menu button');
        assert.equal(await expanded(), 'false', 'Escape closes the sub-menu');
        await press(page, 'Space');
        assert.equal(await expanded(), 'true', 'Space opens the sub-menu');
        await press(page, 'Space');
        assert.equal(await expanded(), 'false', 'Space closes it again');
        const before = await press(page, 'Shift+Tab');
        assert.equal(before.tag, 'a', 'Shift+Tab goes back to the menu link');

        /* the header search: type, Enter; then an article from the results */
        await page.goto(server.url + '/');
        await rememberPlain(page);
        await tabTo(page, (s) => s.id === 'q-dau-trang', 'the header search');
        await page.keyboard.type('trường');
        await Promise.all([page.waitForURL(/\/tim-kiem\?/), page.keyboard.press('Enter')]);
        await skip(page);
        const hit = await tabTo(page, (s) => /^\/bai-viet\//.test(s.href || ''),
                                'a result');
        await Promise.all([page.waitForURL(/\/bai-viet\//), page.keyboard.press('Enter')]);
        assert.equal(new URL(page.url()).pathname, hit.href);
        await page.getByRole('heading', { level: 1 }).waitFor();

        /* the narrow menu: a button that opens with Enter */
        await narrow.page.goto(server.url + '/');
        await rememberPlain(narrow.page);
        await tabTo(narrow.page, (s) => s.tag === 'summary', 'the Menu button');
        await narrow.page.keyboard.press('Enter');
        assert.ok(await narrow.page.evaluate(() => document.querySelector('.nav-narrow').open),
                  'Enter opens the menu');
        const item = await press(narrow.page, 'Tab');
        assert.equal(item.tag, 'a', 'Tab goes into the open menu');

        /* back to the question form: the name put right, it is sent */
        await form.bringToFront();
        await form.keyboard.press('Control+A');
        await form.keyboard.type('Nguyễn Văn Phím');
        await rememberPlain(form);
        for (const id of ['hd-email', 'hd-title', 'hd-body']) {
            assert.equal((await press(form, 'Tab')).id, id);
        }
        assert.equal((await press(form, 'Tab')).name, 'Gửi câu hỏi');
        await sleep(again + 5500 - Date.now());
        res = form.waitForNavigation();
        await form.keyboard.press('Space');
        await res;
        assert.equal(new URL(form.url()).pathname, '/hoi-dap/da-gui');
        await form.close();
    });
});
