/*
 * The language switch in a real browser: on the home page, an article and a document, a
 * visitor clicks "English" in the header and the page comes back in English (<html lang>,
 * the interface's words), then the choice is kept on the next page without ?lang=, and
 * "Tiếng Việt" brings the Vietnamese back; at a phone's width the switch is on screen and
 * nothing is wider than the screen.
 */
import assert from 'node:assert/strict';
import { e2eTest, sidewaysOverflow, watchPage } from './harness.mjs';

async function lang(page) {
    return page.evaluate(() => document.documentElement.lang);
}

/* the skip link's words: the first interface text of every page */
async function skipText(page) {
    return (await page.locator('.skip-link').textContent()).trim();
}

e2eTest('the language switch on home, article and document pages', { file: 'i18n' },
        async ({ server, browser, shot }) => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    const problems = watchPage(page);
    const docs = await (await page.request.get(server.url + '/api/v1/documents?per_page=1'))
        .json();
    await page.goto(server.url + '/');
    const article = await page.locator('a[href^="/bai-viet/"]').first().getAttribute('href');
    const paths = ['/', article, docs.items[0].url];
    for (const p of paths) {
        await page.goto(server.url + p);
        assert.equal(await lang(page), 'vi', p);
        const vi = await skipText(page);
        const sw = page.locator('.lang-switch a[hreflang="en"]');
        assert.ok(await sw.isVisible(), `the switch is on screen at ${p}`);
        await sw.click();
        await page.waitForLoadState('load');
        assert.equal(await lang(page), 'en', p);
        assert.notEqual(await skipText(page), vi, `the interface changed at ${p}`);
        assert.ok(new URL(page.url()).pathname === new URL(server.url + p).pathname, page.url());
        const overflow = await sidewaysOverflow(page);
        assert.ok(overflow <= 0, `${p} in English is ${overflow} px wider than the screen`);
        await shot(page, 'en-' + paths.indexOf(p));
        /* kept without ?lang= */
        await page.goto(server.url + p);
        assert.equal(await lang(page), 'en', `${p} keeps English`);
        await page.locator('.lang-switch a[hreflang="vi"]').click();
        await page.waitForLoadState('load');
        assert.equal(await lang(page), 'vi', p);
        assert.equal(await skipText(page), vi, p);
    }
    assert.deepEqual(problems, [], 'console errors or failed requests');
    await ctx.close();
});
