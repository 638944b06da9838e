/*
 * Documents in a real browser: the table of /van-ban (with its filters), a draft open for
 * comments and its comment form, at a phone's and a desktop's width: no console error, no
 * failed request, nothing wider than the screen, no accessibility violation axe-core finds.
 */
import assert from 'node:assert/strict';
import { assertAccessible, e2eTest, sidewaysOverflow, watchPage } from './harness.mjs';

for (const width of [360, 1280]) {
    e2eTest(`documents at ${width} px`, { file: `documents-${width}` },
            async ({ server, browser, shot }) => {
        const ctx = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await ctx.newPage();
        const problems = watchPage(page);
        const list = await (await page.request.get(server.url + '/api/v1/documents?per_page=100'))
            .json();
        const draft = list.items.find((d) => d.open);
        assert.ok(draft, 'the demo has a draft open for comments');
        for (const [path, name] of [['/van-ban', 'table'], [draft.url, 'draft'],
                                    [draft.url + '/gop-y', 'form']]) {
            const res = await page.goto(server.url + path);
            assert.equal(res.status(), 200, path);
            await page.waitForLoadState('load');
            const overflow = await sidewaysOverflow(page);
            assert.ok(overflow <= 0, `${path} is ${overflow} px wider than the ${width} px screen`);
            await shot(page, name);
            await assertAccessible(page, `${path} at ${width} px`);
        }
        /* the form: its trap is off screen and out of the tab order */
        const trap = page.locator('input[name="website"]');
        assert.equal(await trap.getAttribute('tabindex'), '-1');
        const box = await trap.boundingBox();
        assert.ok(!box || box.x + box.width <= 0, 'the trap is off screen: ' + JSON.stringify(box));
        await page.getByLabel('Họ và tên').waitFor();
        assert.deepEqual(problems, [], 'console errors or failed requests');
        await ctx.close();
    });
}
