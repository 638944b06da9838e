/*
 * Issue 6 end to end, in a real browser: an author writes an article in the admin editor
 * (title, summary, Markdown body, category, tags, a cover image made by the test and
 * uploaded with the form), saves it and sends it to review, and never sees the publishing
 * buttons; an approval the author forges (on her draft, then on the pending article) is
 * refused by the server for her role; a publisher finds it among the pending articles and
 * approves it; a guest then sees it on the home page and on its own page with its body and
 * its cover loaded from a srcset of resized copies. Also: an editor's review with a note,
 * scheduling and unpublishing; covers that are not usable images; the author's pages on a
 * phone's and a desktop's screen.
 */
import assert from 'node:assert/strict';
import { assertAccessible, e2eTest, login, logout, makePng, sidewaysOverflow, watchPage }
    from './harness.mjs';

const USERS = {
    tacgia: { role: 'author', password: 'tac-gia-viet-bai' },
    xuatban: { role: 'publisher', password: 'xuat-ban-duyet-bai' },
};

/* Words no demo article has, so finding them finds this article. */
const TITLE = 'Kiểm thử đầu cuối: vườn rau sạch trên sân thượng trường học';
const SUMMARY = 'Học sinh tự trồng rau trên sân thượng và bán cho căng tin.';
const BODY = [
    'Mùa này **vườn rau Bồ Công Anh** trên sân thượng đã cho lứa rau đầu tiên.',
    '',
    '## Cách làm',
    '',
    '- Thùng xốp tái chế',
    '- Nước mưa gom từ mái nhà',
].join('\n');
const CAPTION = 'Vườn rau lúc bình minh';
const COVER_W = 1000;
const COVER_H = 600;

/* The workflow buttons only publishers and admins have. */
const PUBLISH_BUTTONS = ['Duyệt và đăng ngay', 'Đăng ngay', 'Lên lịch đăng'];

/* Asserts that none of PUBLISH_BUTTONS is on the page. */
async function assertNoPublishButtons(page, where) {
    for (const name of PUBLISH_BUTTONS) {
        assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0,
                     `the author sees "${name}" ${where}`);
    }
}

/*
 * The form field labelled label (exactly). Only fields: the editor's Markdown toolbar has
 * buttons with labels of their own ("Nội dung" names it too).
 */
function field(page, label) {
    return page.getByLabel(label, { exact: true }).and(page.locator('input, textarea, select'));
}

/*
 * A waitForResponse test for the POST of a form to path, and not the editor script's own
 * POSTs (preview, autosave) that may answer meanwhile.
 */
function formPost(path) {
    return (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path;
}

/* The notice (role=status with class form-notice) of an admin page, trimmed. */
async function notice(page) {
    return (await page.locator('.form-notice[role="status"]').first().textContent()).trim();
}

e2eTest('author writes and submits, publisher approves, guest reads with the cover',
    { users: USERS, timeout: 180000, file: 'editorial' }, async ({ server, browser, shot }) => {
        /* ---- the author ---- */
        const authorCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await authorCtx.newPage();
        const problems = watchPage(page);
        await login(page, server.url, 'tacgia', USERS.tacgia.password);
        await page.goto(server.url + '/quan-tri/bai-viet/moi');
        await page.getByRole('heading', { level: 1, name: 'Viết bài mới' }).waitFor();
        await assertNoPublishButtons(page, 'on a new article');

        await field(page, 'Tiêu đề').fill(TITLE);
        await field(page, 'Tóm tắt').fill(SUMMARY);
        await field(page, 'Nội dung').fill(BODY);
        const category = field(page, 'Chuyên mục');
        const catOptions = await category.locator('option').evaluateAll(
            (os) => os.filter((o) => o.value).map((o) => ({ value: o.value, label: o.label })));
        assert.ok(catOptions.length > 0, 'the demo has categories to choose from');
        await category.selectOption(catOptions[0].value);
        await field(page, 'Thẻ').fill('vườn rau, môi trường');
        await field(page, 'Tải ảnh bìa lên').setInputFiles({
            name: 'vuon-rau.png', mimeType: 'image/png', buffer: makePng(COVER_W, COVER_H),
        });
        await field(page, 'Chú thích ảnh').fill(CAPTION);
        await Promise.all([
            page.waitForURL(/\/quan-tri\/bai-viet\/\d+\?tb=tao$/),
            page.getByRole('button', { name: 'Lưu', exact: true }).click(),
        ]);
        assert.equal(await notice(page), 'Đã tạo bài viết.');
        const id = Number(/\/bai-viet\/(\d+)/.exec(page.url())[1]);
        /* what was typed came back, and the upload is now the chosen cover */
        assert.equal(await field(page, 'Tiêu đề').inputValue(), TITLE);
        assert.equal(await field(page, 'Nội dung').inputValue(), BODY);
        assert.equal(await category.inputValue(), catOptions[0].value);
        const coverId = Number(await field(page, 'Ảnh bìa').inputValue());
        assert.ok(coverId > 0, 'the uploaded image is the article\'s cover');
        assert.equal(await field(page, 'Chú thích ảnh').inputValue(),
                     CAPTION);
        await assertNoPublishButtons(page, 'on a saved draft');
        await page.getByRole('button', { name: 'Gửi duyệt', exact: true }).waitFor();
        await shot(page, 'author-draft');
        await assertAccessible(page);

        /* a "Duyệt và đăng" button she adds to her draft's form herself: refused for her
           role (403, not "wrong state"), and the draft is unchanged */
        await page.evaluate(() => {
            const b = document.createElement('button');
            Object.assign(b, { name: 'action', value: 'approve', id: 'forged-draft' });
            b.textContent = 'forged';
            document.getElementById('editor-form').append(b);
        });
        const [forgedDraft] = await Promise.all([
            page.waitForResponse(formPost(`/quan-tri/bai-viet/${id}`)),
            page.locator('#forged-draft').click(),
        ]);
        assert.equal(forgedDraft.status(), 403, 'an author may not approve her draft');
        await page.waitForLoadState('load');
        assert.match(await page.getByRole('alert').textContent(), /không có quyền/);
        await page.goto(`${server.url}/quan-tri/bai-viet/${id}`);
        assert.match(await page.locator('.article-meta .status').textContent(), /Bản nháp/);

        await Promise.all([
            page.waitForURL(new RegExp(`/quan-tri/bai-viet/${id}\\?tb=submit$`)),
            page.getByRole('button', { name: 'Gửi duyệt', exact: true }).click(),
        ]);
        assert.equal(await notice(page), 'Đã lưu và gửi bài đi duyệt.');
        assert.match(await page.locator('.article-meta .status').textContent(), /Chờ duyệt/);
        await assertNoPublishButtons(page, 'on the article it sent to review');
        await shot(page, 'author-pending');
        /* an author who forges an approval of the pending article (a form of her own, with
           her session's CSRF token from the logout form) is refused and nothing changes */
        await page.evaluate((articleId) => {
            const f = document.createElement('form');
            f.method = 'post';
            f.action = `/quan-tri/bai-viet/${articleId}`;
            const csrf = document.querySelector('input[name="csrf"]').value;
            f.innerHTML = `<input type="hidden" name="csrf" value="${csrf}">` +
                '<button id="forged" name="action" value="approve">forged</button>';
            document.body.append(f);
        }, id);
        const [forged] = await Promise.all([
            page.waitForResponse(formPost(`/quan-tri/bai-viet/${id}`)),
            page.locator('#forged').click(),
        ]);
        assert.equal(forged.status(), 403, 'an author may not approve');
        await page.waitForLoadState('load');
        assert.match((await page.getByRole('alert').textContent()).trim(), /không có quyền/,
                     'the refusal says why');
        assert.match(await page.locator('.article-meta .status').textContent(), /Chờ duyệt/);
        await assertNoPublishButtons(page, 'on the refusal');
        /* the 403 page was the expected answer, not a problem of the page */
        problems.splice(0, problems.length,
                        ...problems.filter((p) => !p.startsWith('HTTP 403') &&
                                                  !p.includes('403 (Forbidden)')));
        /* the author's own list shows it pending; the public does not have it yet */
        await page.goto(server.url + '/quan-tri/bai-viet?trang_thai=pending');
        await page.getByRole('link', { name: TITLE, exact: true }).waitFor();
        assert.deepEqual(problems, [], 'console errors or failed requests (author)');
        await logout(page, server.url);
        const early = await page.request.get(`${server.url}/`);
        assert.ok(!(await early.text()).includes(TITLE), 'a pending article is not public');

        /* ---- the publisher ---- */
        const pubCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const pub = await pubCtx.newPage();
        const pubProblems = watchPage(pub);
        await login(pub, server.url, 'xuatban', USERS.xuatban.password);
        await pub.goto(server.url + '/quan-tri/bai-viet?trang_thai=pending');
        const row = pub.getByRole('row').filter({ hasText: TITLE });
        assert.match(await row.textContent(), /tacgia/, 'the list names the writer');
        await shot(pub, 'publisher-pending-list');
        await assertAccessible(pub);
        await Promise.all([
            pub.waitForURL(new RegExp(`/quan-tri/bai-viet/${id}$`)),
            row.getByRole('link', { name: TITLE, exact: true }).click(),
        ]);
        await Promise.all([
            pub.waitForURL(new RegExp(`/quan-tri/bai-viet/${id}\\?tb=approve$`)),
            pub.getByRole('button', { name: 'Duyệt và đăng ngay', exact: true }).click(),
        ]);
        assert.equal(await notice(pub), 'Đã duyệt và đăng bài.');
        assert.match(await pub.locator('.article-meta .status').textContent(), /Đã đăng/);
        await shot(pub, 'publisher-approved');
        await assertAccessible(pub);
        assert.deepEqual(pubProblems, [], 'console errors or failed requests (publisher)');

        /* ---- a guest ---- */
        const guestCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const guest = await guestCtx.newPage();
        const guestProblems = watchPage(guest);
        await guest.goto(server.url + '/');
        const link = guest.getByRole('link', { name: TITLE, exact: true }).first();
        await link.waitFor({ timeout: 5000 });
        await shot(guest, 'guest-home');
        await assertAccessible(guest);
        await Promise.all([guest.waitForURL(/\/bai-viet\/\d+-/), link.click()]);
        assert.ok(new URL(guest.url()).pathname.startsWith(`/bai-viet/${id}-`),
                  `the article's own page, not ${guest.url()}`);
        await guest.waitForLoadState('load');
        await guest.getByRole('heading', { level: 1, name: TITLE }).waitFor();
        const main = guest.getByRole('main');
        const text = await main.textContent();
        assert.ok(text.includes(SUMMARY), 'the summary is on the page');
        /* the Markdown became HTML: bold, a heading and a list */
        await main.locator('strong', { hasText: 'vườn rau Bồ Công Anh' }).waitFor();
        await main.getByRole('heading', { level: 2, name: 'Cách làm' }).waitFor();
        await main.getByRole('listitem').filter({ hasText: 'Nước mưa gom từ mái nhà' }).waitFor();
        assert.ok(text.includes(CAPTION), 'the cover\'s caption is on the page');

        /* the cover: an <img> of this media file with a srcset of its copies, loaded */
        const cover = await guest.evaluate(async (mediaId) => {
            const own = new RegExp(`/media/${mediaId}(-\\d+)?\\.`);
            const img = [...document.images].find((i) => own.test(i.src) ||
                                                      own.test(i.getAttribute('srcset') || ''));
            if (!img) return null;
            img.scrollIntoView();
            await img.decode().catch(() => {});
            const sources = [...(img.parentElement?.tagName === 'PICTURE'
                ? img.parentElement.querySelectorAll('source') : [])]
                .map((s) => ({ type: s.type, srcset: s.srcset }));
            return {
                src: img.src, srcset: img.getAttribute('srcset'), currentSrc: img.currentSrc,
                naturalWidth: img.naturalWidth, alt: img.alt, sources,
            };
        }, coverId);
        assert.ok(cover, `no <img> of /media/${coverId} on the article page`);
        assert.ok(cover.naturalWidth > 0, `the cover did not load: ${JSON.stringify(cover)}`);
        assert.ok(cover.srcset, `the cover has no srcset: ${JSON.stringify(cover)}`);
        const widths = [...cover.srcset.matchAll(/ (\d+)w/g)].map((m) => Number(m[1]));
        assert.ok(widths.includes(320) && widths.includes(640) && widths.includes(COVER_W),
                  `the srcset names the 320 and 640 px copies and the original: ${cover.srcset}`);
        assert.ok(cover.currentSrc.includes(`/media/${coverId}`), cover.currentSrc);
        await shot(guest, 'guest-article');
        await assertAccessible(guest);
        assert.deepEqual(guestProblems, [], 'console errors or failed requests (guest)');

        /* on a phone the browser takes a resized copy, not the 1000 px original */
        const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 800 } });
        const phone = await phoneCtx.newPage();
        const phoneProblems = watchPage(phone);
        await phone.goto(guest.url());
        const small = await phone.evaluate(async (mediaId) => {
            const own = new RegExp(`/media/${mediaId}(-\\d+)?\\.`);
            const img = [...document.images].find((i) => own.test(i.src));
            if (!img) return null;
            await img.decode().catch(() => {});
            return { currentSrc: img.currentSrc, naturalWidth: img.naturalWidth };
        }, coverId);
        assert.ok(small && small.naturalWidth > 0,
                  `the cover on a phone: ${JSON.stringify(small)}`);
        assert.match(small.currentSrc, new RegExp(`/media/${coverId}-(320|640)\\.(webp|png)$`),
                     'a 390 px screen loads the 320 or 640 px copy');
        await shot(phone, 'guest-article-390');
        await assertAccessible(phone);
        assert.deepEqual(phoneProblems, [], 'console errors or failed requests (phone)');
        await Promise.all([authorCtx.close(), pubCtx.close(), guestCtx.close(), phoneCtx.close()]);
    });

/* Writes and saves a new article as the logged-in user; returns its id. */
async function writeArticle(page, server, title, body) {
    await page.goto(server.url + '/quan-tri/bai-viet/moi');
    await field(page, 'Tiêu đề').fill(title);
    await field(page, 'Nội dung').fill(body);
    await field(page, 'Chuyên mục').selectOption({ index: 1 });
    await Promise.all([
        page.waitForURL(/\/quan-tri\/bai-viet\/\d+\?tb=tao$/),
        page.getByRole('button', { name: 'Lưu', exact: true }).click(),
    ]);
    return Number(/\/bai-viet\/(\d+)/.exec(page.url())[1]);
}

/* Clicks the workflow button name on the editor of article id; waits for ?tb=done. */
async function act(page, id, name, done) {
    await Promise.all([
        page.waitForURL(new RegExp(`/quan-tri/bai-viet/${id}\\?tb=${done}$`)),
        page.getByRole('button', { name, exact: true }).click(),
    ]);
}

/* The status of a guest's GET of path (no cookies: a request of its own). */
async function guestStatus(browser, url) {
    const ctx = await browser.newContext();
    const r = await ctx.request.get(url, { maxRedirects: 0 });
    await ctx.close();
    return r.status();
}

e2eTest('editor returns an article with a note; publisher schedules, publishes and unpublishes',
    { users: { ...USERS, bientap: { role: 'editor', password: 'bien-tap-vien-9' } },
      timeout: 90000, file: 'workflow' }, async ({ server, browser, shot }) => {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await ctx.newPage();
        const problems = watchPage(page);
        const title = 'Kiểm thử quy trình: bài bị trả lại rồi được đăng';
        await login(page, server.url, 'tacgia', USERS.tacgia.password);
        const id = await writeArticle(page, server, title, 'Bản đầu tiên, còn thiếu số liệu.');
        await act(page, id, 'Gửi duyệt', 'submit');
        await logout(page, server.url);

        /* an editor reviews: may return it, may not publish it */
        await login(page, server.url, 'bientap', 'bien-tap-vien-9');
        await page.goto(`${server.url}/quan-tri/bai-viet/${id}`);
        for (const name of PUBLISH_BUTTONS) {
            assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0,
                         `an editor sees "${name}"`);
        }
        const note = 'Cần thêm số liệu năm 2026 và nguồn trích dẫn.';
        await field(page, 'Ghi chú cho tác giả').fill(note);
        await act(page, id, 'Trả lại tác giả', 'reject');
        assert.match(await page.locator('.article-meta .status').textContent(), /Bản nháp/);
        await logout(page, server.url);

        /* the author sees the note on her draft, which she may edit again */
        await login(page, server.url, 'tacgia', USERS.tacgia.password);
        await page.goto(`${server.url}/quan-tri/bai-viet/${id}`);
        const noteBox = page.getByRole('note');
        assert.match(await noteBox.textContent(), /Ghi chú của người duyệt/);
        assert.ok((await noteBox.textContent()).includes(note));
        await shot(page, 'returned');
        await assertAccessible(page);
        await field(page, 'Nội dung').fill('Bản thứ hai, đủ số liệu năm 2026.');
        await act(page, id, 'Lưu', 'luu');
        await logout(page, server.url);

        /* a publisher: a date in the future schedules it, the public does not see it yet */
        await login(page, server.url, 'xuatban', USERS.xuatban.password);
        await page.goto(`${server.url}/quan-tri/bai-viet/${id}`);
        await field(page, 'Ngày đăng').fill('2099-01-01T08:00');
        /* the editor's script writes the date beside the schedule button as it is typed */
        assert.equal(await page.locator('#schedule-when').textContent(),
                     'Đăng lúc 08:00 01-01-2099.');
        await act(page, id, 'Lên lịch đăng', 'schedule');
        assert.match(await page.locator('.article-meta .status').textContent(), /lên lịch/i);
        assert.equal(await guestStatus(browser, `${server.url}/bai-viet/${id}`), 404,
                     'a scheduled article is not public before its date');
        /* unpublished back to a draft, then published with a date that has passed: public
           at once, dated now (an emptied date would keep 2099 on an existing article) */
        await act(page, id, 'Gỡ bài', 'unpublish');
        await field(page, 'Ngày đăng').fill('2026-01-01T08:00');
        await act(page, id, 'Đăng ngay', 'publish');
        assert.match(await page.locator('.article-meta .status').textContent(), /Đã đăng/);
        const path = new URL(await page.getByRole('link', { name: 'Xem trên trang' })
            .getAttribute('href'), server.url).pathname;
        assert.ok(path.startsWith(`/bai-viet/${id}-`), path);
        const guest = await (await browser.newContext()).newPage();
        await guest.goto(server.url + path);
        await guest.getByRole('heading', { level: 1, name: title }).waitFor();
        assert.ok((await guest.getByRole('main').textContent())
            .includes('Bản thứ hai, đủ số liệu năm 2026.'));
        /* unpublished: gone from the public again */
        await act(page, id, 'Gỡ bài', 'unpublish');
        assert.equal(await guestStatus(browser, server.url + path), 404,
                     'an unpublished article is not public');
        await shot(page, 'unpublished');
        assert.deepEqual(problems, [], 'console errors or failed requests');
    });

e2eTest('a cover that is not a usable image is refused and what was typed stays',
    { users: { tacgia: USERS.tacgia }, file: 'bad-cover' }, async ({ server, browser, shot }) => {
        const page = await browser.newPage();
        await login(page, server.url, 'tacgia', USERS.tacgia.password);
        const png = makePng(64, 48);
        const cases = [
            /* a PDF named like a picture: refused by its bytes, before it is stored */
            { name: 'bia.png', mimeType: 'image/png',
              buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
              status: 400, message: /không phải ảnh JPEG, PNG, WebP hay GIF/ },
            /* a PNG cut in half: its header is right, libvips cannot decode it */
            { name: 'bia-hong.png', mimeType: 'image/png', buffer: png.subarray(0, png.length >> 1),
              status: 400, message: /Ảnh bìa không dùng được/ },
        ];
        for (const c of cases) {
            await page.goto(server.url + '/quan-tri/bai-viet/moi');
            await field(page, 'Tiêu đề').fill('Bài có ảnh bìa hỏng');
            await field(page, 'Nội dung').fill('Nội dung vẫn còn sau khi ảnh bị từ chối.');
            await field(page, 'Chuyên mục').selectOption({ index: 1 });
            await field(page, 'Tải ảnh bìa lên').setInputFiles(
                { name: c.name, mimeType: c.mimeType, buffer: c.buffer });
            const [res] = await Promise.all([
                page.waitForResponse(formPost('/quan-tri/bai-viet/moi')),
                page.getByRole('button', { name: 'Lưu', exact: true }).click(),
            ]);
            assert.equal(res.status(), c.status, c.name);
            await page.waitForLoadState('load');
            assert.match(await page.getByRole('alert').textContent(), c.message, c.name);
            assert.match(await page.getByRole('alert').textContent(), /Bài chưa được lưu/);
            assert.equal(await field(page, 'Tiêu đề').inputValue(), 'Bài có ảnh bìa hỏng');
            assert.equal(await field(page, 'Nội dung').inputValue(),
                         'Nội dung vẫn còn sau khi ảnh bị từ chối.');
            await shot(page, c.name.replace('.png', ''));
        }
        /* nothing was stored: the author has no article */
        await page.goto(server.url + '/quan-tri/bai-viet');
        assert.match(await page.locator('.list-count').textContent(), /^0 bài viết/);
    });

/*
 * The author's pages at a phone's and a desktop's width: the article list and the new
 * article editor fit the screen, with no console error, failed request or accessibility
 * violation that axe-core finds.
 */
for (const width of [390, 1280]) {
    e2eTest(`the author's list and editor at ${width} px`,
        { users: { tacgia: USERS.tacgia }, file: `editor-${width}` },
        async ({ server, browser, shot }) => {
            const ctx = await browser.newContext({ viewport: { width, height: 900 } });
            const page = await ctx.newPage();
            const problems = watchPage(page);
            await login(page, server.url, 'tacgia', USERS.tacgia.password);
            for (const [what, path] of [['list', '/quan-tri/bai-viet'],
                                        ['new', '/quan-tri/bai-viet/moi']]) {
                await page.goto(server.url + path);
                await page.waitForLoadState('load');
                await page.getByRole('heading', { level: 1 }).waitFor();
                const overflow = await sidewaysOverflow(page);
                await shot(page, what);
                assert.ok(overflow <= 0,
                          `${path} is ${overflow} px wider than the ${width} px screen`);
                await assertAccessible(page, `${path} at ${width} px`);
            }
            assert.deepEqual(problems, [], 'console errors or failed requests');
            await ctx.close();
        });
}
