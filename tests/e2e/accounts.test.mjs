/*
 * Accounts that help themselves in a real browser, at a phone's width and a desktop's: the
 * login page's "Quên mật khẩu?" link, /quen-mat-khau (on a portal without [mail] it says an
 * admin must reset the password), /tai-khoan (profile and password forms, a profile saved)
 * and the users page with its profile fields, each with no console error, nothing wider than
 * the screen and no accessibility violation axe-core finds.
 */
import assert from 'node:assert/strict';
import { assertAccessible, e2eTest, login, sidewaysOverflow, watchPage } from './harness.mjs';

const USERS = { quantri: { role: 'admin', password: 'mat-khau-quan-tri-e2e' } };

for (const width of [360, 1280]) {
    e2eTest(`accounts at ${width} px`, { users: USERS, demo: false, file: `accounts-${width}`,
                                         timeout: 120000 }, async ({ server, browser, shot }) => {
        const ctx = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await ctx.newPage();
        const problems = watchPage(page);

        await page.goto(server.url + '/dang-nhap');
        await Promise.all([
            page.waitForURL((u) => u.pathname === '/quen-mat-khau'),
            page.getByRole('link', { name: 'Quên mật khẩu?' }).click(),
        ]);
        await page.getByRole('heading', { level: 1, name: 'Quên mật khẩu' }).waitFor();
        assert.match(await page.getByRole('status').textContent(), /liên hệ quản trị viên/);
        assert.ok(await sidewaysOverflow(page) <= 0, '/quen-mat-khau is wider than the screen');
        await assertAccessible(page, `/quen-mat-khau at ${width} px`);

        await login(page, server.url, 'quantri', USERS.quantri.password);
        await page.goto(server.url + '/tai-khoan');
        await page.getByLabel('Họ và tên').fill('Trần Văn Quản');
        await page.getByLabel('E-mail').fill('quantri@truong.example.vn');
        await page.getByLabel('Đơn vị công tác').fill('Văn phòng');
        await Promise.all([
            page.waitForURL((u) => u.search === '?tb=ho-so'),
            page.getByRole('button', { name: 'Lưu thông tin' }).click(),
        ]);
        assert.match(await page.getByRole('status').textContent(), /Đã lưu thông tin/);
        assert.equal(await page.getByLabel('Họ và tên').inputValue(), 'Trần Văn Quản');
        assert.ok(await sidewaysOverflow(page) <= 0, '/tai-khoan is wider than the screen');
        await shot(page, 'account');
        await assertAccessible(page, `/tai-khoan at ${width} px`);

        await page.goto(server.url + '/quan-tri/nguoi-dung');
        await page.getByText('Trần Văn Quản · Văn phòng · quantri@truong.example.vn').click();
        await page.getByLabel('Đơn vị').first().waitFor();
        await assertAccessible(page, `/quan-tri/nguoi-dung at ${width} px`);
        assert.deepEqual(problems, []);
        await ctx.close();
    });
}
