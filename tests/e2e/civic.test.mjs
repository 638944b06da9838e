/*
 * The work schedule and the question form in a real browser, at a phone's width (360 px:
 * the days stacked, each entry's cells labelled) and a desktop's (1280 px: one table): the
 * demo's week, the answered questions and the form to ask one, with no console error, no
 * failed request, nothing wider than the screen and no accessibility violation axe-core finds.
 * A question sent the moment the form opens is refused with its message, what was typed kept.
 */
import assert from 'node:assert/strict';
import { assertAccessible, e2eTest, sidewaysOverflow, watchPage } from './harness.mjs';

for (const width of [360, 1280]) {
    e2eTest(`schedule and questions at ${width} px`, { file: `civic-${width}`, timeout: 90000 },
            async ({ server, browser, shot }) => {
        const ctx = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await ctx.newPage();
        const problems = watchPage(page);

        let res = await page.goto(server.url + '/lich-cong-tac');
        assert.equal(res.status(), 200);
        await page.getByRole('heading', { level: 1, name: /Lịch công tác tuần/ }).waitFor();
        const rows = page.locator('tr.schedule-entry');
        assert.ok(await rows.count() > 0, 'the demo has entries this week');
        const head = await page.locator('.schedule-table thead').boundingBox();
        if (width < 600) {
            /* stacked: the column headings are hidden, each cell says what it is */
            assert.ok(!head || head.height <= 1, 'no column headings on a phone');
            const label = await rows.first().locator('td').nth(1)
                .evaluate((td) => getComputedStyle(td, '::before').content);
            assert.match(label, /Thời gian/);
        } else {
            assert.ok(head && head.height > 10, 'column headings on a desktop');
        }
        let overflow = await sidewaysOverflow(page);
        assert.ok(overflow <= 0, `the week is ${overflow} px wider than the ${width} px screen`);
        await shot(page, 'week');
        await assertAccessible(page, `/lich-cong-tac at ${width} px`);

        res = await page.goto(server.url + '/hoi-dap');
        assert.equal(res.status(), 200);
        assert.ok(await page.locator('.qa-item').count() > 0, 'the demo has answered questions');
        overflow = await sidewaysOverflow(page);
        assert.ok(overflow <= 0, `/hoi-dap is ${overflow} px wider than the screen`);
        await assertAccessible(page, `/hoi-dap at ${width} px`);

        res = await page.goto(server.url + '/hoi-dap/gui');
        assert.equal(res.status(), 200);
        await page.getByLabel('Họ và tên').fill('Nguyễn Văn Thử');
        await page.getByLabel('Thư điện tử').fill('thu@example.vn');
        await page.getByLabel('Tiêu đề câu hỏi').fill('Câu hỏi thử từ trình duyệt');
        await page.getByLabel('Nội dung câu hỏi').fill('Gửi ngay khi mở biểu mẫu.');
        /* sent at once, before anything slow, so that even a loaded machine sends it within
           the seconds a person could not have written it in */
        await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
        const alert = page.getByRole('alert');
        await alert.waitFor();
        assert.match(await alert.textContent(), /quá nhanh/);
        overflow = await sidewaysOverflow(page);
        assert.ok(overflow <= 0, `the form is ${overflow} px wider than the screen`);
        await assertAccessible(page, `/hoi-dap/gui at ${width} px`);
        await shot(page, 'form');
        assert.equal(await page.getByLabel('Họ và tên').inputValue(), 'Nguyễn Văn Thử');
        /* the only failed request is the refused POST itself (400) */
        assert.deepEqual(problems.filter((p) => !/hoi-dap\/gui|status of 400/.test(p)), [],
                         'console errors or failed requests');
        await ctx.close();
    });
}
