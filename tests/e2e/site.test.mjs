/*
 * The public site and the login in a real browser: the demo home page at a phone's and a
 * desktop's width (no console error, no failed request, nothing wider than the screen,
 * screenshots saved, no accessibility violation that axe-core finds), an admin
 * who logs in, sees the dashboard and logs out, and a wrong password that is refused.
 */
import assert from 'node:assert/strict';
import { assertAccessible, e2eTest, login, logout, sidewaysOverflow, watchPage }
    from './harness.mjs';

const ADMIN = { quantri: { role: 'admin', password: 'quan-tri-vien-1' } };

for (const width of [390, 1280]) {
    e2eTest(`home page at ${width} px`, { file: `home-${width}` },
            async ({ server, browser, shot }) => {
        const ctx = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await ctx.newPage();
        const problems = watchPage(page);
        const res = await page.goto(server.url + '/');
        assert.equal(res.status(), 200);
        await page.waitForLoadState('load');
        /* the demo portal: a heading and links to its articles */
        await assert.doesNotReject(page.locator('h1, h2').first().waitFor({ timeout: 5000 }));
        const articleLinks = await page.locator('a[href^="/bai-viet/"]').count();
        assert.ok(articleLinks > 0, 'the demo home page links to articles');
        /* every image that is on the page has loaded */
        const broken = await page.evaluate(() => [...document.images]
            .filter((i) => i.complete && i.naturalWidth === 0).map((i) => i.src));
        assert.deepEqual(broken, [], 'images that did not load');
        /* nothing sticks out sideways */
        const overflow = await sidewaysOverflow(page);
        assert.ok(overflow <= 0, `the page is ${overflow} px wider than the ${width} px screen`);
        assert.deepEqual(problems, [], 'console errors or failed requests');
        await shot(page, 'page');
        await assertAccessible(page, `/ at ${width} px`);
        await ctx.close();
    });
}

e2eTest('admin logs in, sees the dashboard and logs out', { users: ADMIN, file: 'login' },
    async ({ server, browser, shot }) => {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await ctx.newPage();
        const problems = watchPage(page);
        await login(page, server.url, 'quantri', ADMIN.quantri.password);
        assert.equal(new URL(page.url()).pathname, '/quan-tri');
        await page.getByRole('heading', { level: 1, name: 'Quản trị' }).waitFor();
        const nav = page.getByRole('navigation', { name: 'Quản trị' });
        await nav.getByRole('link', { name: 'Người dùng' }).waitFor();
        assert.match(await nav.textContent(), /quantri/);
        await shot(page, 'dashboard');
        const cookies = await ctx.cookies();
        const session = cookies.find((c) => c.name === 'cong_session');
        assert.ok(session, 'a session cookie: ' + cookies.map((c) => c.name).join(', '));
        assert.ok(session.httpOnly, 'the session cookie is HttpOnly');
        assert.equal(session.sameSite, 'Lax');
        await logout(page, server.url);
        /* logged out: the admin sends the browser back to the login page */
        await page.goto(server.url + '/quan-tri');
        assert.equal(new URL(page.url()).pathname, '/dang-nhap');
        assert.deepEqual(problems, [], 'console errors or failed requests');
        await ctx.close();
    });

e2eTest('a wrong password is refused with a message', { users: ADMIN, file: 'bad-password' },
    async ({ server, browser }) => {
        const page = await browser.newPage();
        await page.goto(server.url + '/dang-nhap');
        await page.getByLabel('Tên đăng nhập').fill('quantri');
        await page.getByLabel('Mật khẩu').fill('khong-phai-mat-khau');
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
        const alert = page.getByRole('alert');
        await alert.waitFor();
        assert.equal((await alert.textContent()).trim(),
                     'Tên đăng nhập hoặc mật khẩu không đúng.');
        assert.equal(new URL(page.url()).pathname, '/dang-nhap');
        /* and the admin stays closed */
        await page.goto(server.url + '/quan-tri');
        assert.equal(new URL(page.url()).pathname, '/dang-nhap');
    });
