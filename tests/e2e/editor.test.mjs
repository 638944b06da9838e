/*
 * The admin editor's script (themes/default/static/editor.js) in a real browser, which the
 * HTTP tests cannot reach: the Markdown toolbar, the live preview rendered by the server and
 * what it does with hostile HTML, pasting from Word, and the autosave every 10 seconds with
 * its offer to restore (the browser's clock is driven by the test, so no test waits 10 s).
 */
import assert from 'node:assert/strict';
import { assertAccessible, e2eTest, login, watchPage } from './harness.mjs';

const AUTHOR = { tacgia: { role: 'author', password: 'tac-gia-viet-bai' } };

/* The form field labelled label (exactly); the toolbar's buttons have labels too. */
function field(page, label) {
    return page.getByLabel(label, { exact: true }).and(page.locator('input, textarea, select'));
}

/* Opens the new article editor as the author, with dialogs (leaving a changed form) accepted. */
async function openEditor(page, server) {
    page.on('dialog', (d) => d.accept());
    await login(page, server.url, 'tacgia', AUTHOR.tacgia.password);
    await page.goto(server.url + '/quan-tri/bai-viet/moi');
    await page.getByRole('toolbar', { name: 'Định dạng nội dung' }).waitFor();
}

e2eTest('editor script: toolbar, live preview, hostile HTML, pasting from Word',
    { users: AUTHOR, file: 'editor-script' }, async ({ server, browser, shot }) => {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await ctx.newPage();
        const problems = watchPage(page);
        await openEditor(page, server);
        const body = field(page, 'Nội dung');
        const preview = page.locator('#md-preview');

        /* the toolbar's bold with nothing selected inserts a sample and selects it */
        await body.click();
        await page.getByRole('button', { name: 'Đậm', exact: true }).click();
        assert.equal(await body.inputValue(), '**chữ đậm**');
        assert.equal(await body.evaluate((b) => b.value.slice(b.selectionStart, b.selectionEnd)),
                     'chữ đậm');
        /* a heading made of the current line */
        await body.fill('Mục lục');
        await page.getByRole('button', { name: 'Đề mục', exact: true }).click();
        assert.equal(await body.inputValue(), '## Mục lục');
        await preview.getByRole('heading', { level: 2, name: 'Mục lục' }).waitFor();

        /* the preview is the server's sanitized HTML: nothing hostile runs or survives */
        await body.fill([
            '**an toàn** trước hết',
            '',
            '<script>window.__pwned = "script"</script>',
            '<div id="hover-me" onmouseover="window.__pwned = \'handler\'">rê chuột vào đây</div>',
            '',
            '[liên kết xấu](javascript:window.__pwned="link")',
        ].join('\n'));
        await preview.locator('strong', { hasText: 'an toàn' }).waitFor();
        await preview.getByText('liên kết xấu').waitFor();
        const found = await preview.evaluate((p) => ({
            scripts: p.querySelectorAll('script').length,
            handlers: [...p.querySelectorAll('*')].flatMap((e) => [...e.attributes])
                .filter((a) => /^on/i.test(a.name)).map((a) => a.name),
            jsLinks: [...p.querySelectorAll('a[href]')]
                .filter((a) => /^\s*javascript:/i.test(a.getAttribute('href'))).length,
        }));
        assert.deepEqual(found, { scripts: 0, handlers: [], jsLinks: 0 });
        /* what is left of them is harmless text: hovering and clicking it does nothing */
        await preview.getByText('rê chuột vào đây').hover();
        await preview.getByText('liên kết xấu').click();
        assert.equal(await page.evaluate(() => window.__pwned), undefined);
        await shot(page, 'preview');
        await assertAccessible(page);

        /* pasting HTML from Word gives clean Markdown */
        await body.fill('');
        await body.focus();
        await body.evaluate((b) => {
            const dt = new DataTransfer();
            dt.setData('text/html', '<html xmlns:o="urn:schemas-microsoft-com:office:office">' +
                '<head><style>p.MsoNormal{margin:0}</style></head><body>' +
                '<p class="MsoNormal"><b><span style="font-family:\'Times New Roman\'">Báo cáo' +
                '</span></b><span style="mso-bidi-font-size:12pt"> tổng kết năm</span></p>' +
                '<!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]-->' +
                '<ul><li>Mục một</li><li><i>Mục hai</i></li></ul></body></html>');
            dt.setData('text/plain', 'Báo cáo tổng kết năm');
            b.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true,
                                                          cancelable: true }));
        });
        const md = await body.inputValue();
        assert.match(md, /\*\*Báo cáo\*\* tổng kết năm/);
        assert.match(md, /^- Mục một$/m);
        assert.match(md, /^- \*Mục hai\*$/m);
        assert.doesNotMatch(md, /Mso|mso-|style|font-family|<|OfficeDocument/);
        await preview.getByRole('listitem').filter({ hasText: 'Mục một' }).waitFor();
        assert.deepEqual(problems, [], 'console errors or failed requests');
        await ctx.close();
    });

e2eTest('editor script: autosave every 10 s, offered back and restored',
    { users: AUTHOR, file: 'editor-autosave' }, async ({ server, browser, shot }) => {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await ctx.newPage();
        const problems = watchPage(page);
        await page.clock.install();
        await openEditor(page, server);
        const title = 'Bản nháp chưa kịp lưu';
        const text = 'Đoạn văn gõ dở, mất điện trước khi bấm Lưu.';
        await field(page, 'Tiêu đề').fill(title);
        await field(page, 'Nội dung').fill(text);
        const status = page.locator('#autosave-status');
        assert.equal((await status.textContent()).trim(), '', 'nothing saved before 10 s');
        const [res] = await Promise.all([
            page.waitForResponse((r) => r.url().includes('/tu-dong-luu')),
            page.clock.runFor(10500),
        ]);
        assert.equal(res.status(), 200);
        await page.waitForFunction(
            () => /Đã lưu tự động lúc \d\d:\d\d/.test(document.getElementById('autosave-status')
                .textContent));
        /* nothing changed since: the next 10 s send nothing */
        let again = 0;
        page.on('request', (r) => { if (r.url().includes('/tu-dong-luu')) again++; });
        await page.clock.runFor(10500);
        assert.equal(again, 0, 'an unchanged form is not sent again');

        /* coming back to a new article: the autosave is offered, and restores the fields */
        await page.goto(server.url + '/quan-tri/bai-viet/moi');
        assert.equal(await field(page, 'Tiêu đề').inputValue(), '');
        const offer = page.locator('.autosave-offer');
        await offer.waitFor();
        assert.match(await offer.textContent(), /Có bản lưu tự động lúc/);
        await shot(page, 'offer');
        await assertAccessible(page);
        await Promise.all([
            page.waitForURL(/tu_dong=1/),
            offer.getByRole('link', { name: 'Khôi phục' }).click(),
        ]);
        assert.match(await page.locator('.form-notice[role="status"]').first().textContent(),
                     /Đã đưa bản lưu tự động/);
        assert.equal(await field(page, 'Tiêu đề').inputValue(), title);
        assert.equal(await field(page, 'Nội dung').inputValue(), text);

        /* saving the article drops the autosave: no offer on the next new article */
        await field(page, 'Chuyên mục').selectOption({ index: 1 });
        await Promise.all([
            page.waitForURL(/\/quan-tri\/bai-viet\/\d+\?tb=tao$/),
            page.getByRole('button', { name: 'Lưu', exact: true }).click(),
        ]);
        await page.goto(server.url + '/quan-tri/bai-viet/moi');
        assert.equal(await page.locator('.autosave-offer').count(), 0,
                     'the autosave of a saved article is gone');
        assert.deepEqual(problems, [], 'console errors or failed requests');
        await ctx.close();
    });
