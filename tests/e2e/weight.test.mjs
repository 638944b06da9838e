/*
 * The weight of a first visit on a phone, the cheap guard of what bench/lighthouse.sh
 * measures: the home page, a category, an article, a search, the documents and the schedule,
 * each opened once in a fresh context (empty cache) at a phone's viewport, must load in at
 * most 8 requests and 100 KB on the wire (headers included, as Chromium's network events count
 * them) before any scrolling. Pictures loaded lazily below the fold do not count: Chromium
 * may fetch them ahead, but the page does not wait for them and a visitor who never scrolls
 * would not need them. data: URLs are no request. Every picture the page loads, below the
 * fold too, is a resized copy of at most 20 KB: an original (30 to 40 KB) where a list wants a
 * thumbnail is the mistake this catches (the search results once made it).
 */
import assert from 'node:assert/strict';
import { e2eTest } from './harness.mjs';

const MAX_REQUESTS = 8;
const MAX_BYTES = 100 * 1024;
const MAX_PICTURE = 20 * 1024;
/* Lighthouse's phone: a Moto G Power's screen */
const PHONE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true,
                hasTouch: true };

/* The page's requests and their bytes, from the DevTools protocol's network events. */
async function visit(browser, url) {
    const ctx = await browser.newContext(PHONE);
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    const requests = new Map(); // requestId -> {url, type, bytes}
    cdp.on('Network.requestWillBeSent', (e) => {
        if (!e.request.url.startsWith('data:')) {
            requests.set(e.requestId, { url: e.request.url, type: e.type, bytes: 0 });
        }
    });
    cdp.on('Network.loadingFinished', (e) => {
        const r = requests.get(e.requestId);
        if (r) r.bytes = e.encodedDataLength;
    });
    await cdp.send('Network.enable');
    const res = await page.goto(url, { waitUntil: 'load' });
    assert.equal(res.status(), 200, url);
    await page.waitForLoadState('networkidle');
    /* the lazy pictures below the fold, by the address each chose */
    const below = new Set(await page.evaluate(() => Array.from(document.images)
        .filter((i) => i.loading === 'lazy' && i.getBoundingClientRect().top >= innerHeight)
        .map((i) => i.currentSrc || i.src)));
    await ctx.close();
    const counted = [...requests.values()].filter((r) => !below.has(r.url));
    return { counted, all: [...requests.values()] };
}

e2eTest('a first visit on a phone is at most 8 requests and 100 KB', { timeout: 120000 },
        async ({ server, browser }) => {
    const home = await (await fetch(server.url + '/')).text();
    const article = /href="(\/bai-viet\/\d+-[a-z0-9-]+)"/.exec(home)?.[1];
    const category = /href="(\/chuyen-muc\/[a-z0-9-]+)"/.exec(home)?.[1];
    assert.ok(article && category, 'the home page links an article and a category');
    const pages = ['/', category, article, '/tim-kiem?q=' + encodeURIComponent('hội nghị'),
                   '/van-ban', '/lich-cong-tac'];
    const over = [];
    for (const path of pages) {
        const { counted, all } = await visit(browser, server.url + path);
        const bytes = counted.reduce((n, r) => n + r.bytes, 0);
        console.log(`${path}: ${counted.length} requests (${all.length} with lazy pictures ` +
                    `below the fold), ${(bytes / 1024).toFixed(1)} KB`);
        for (const r of all) {
            if (r.type === 'Image' && r.bytes > MAX_PICTURE) {
                over.push(`${path}: picture ${r.url.replace(server.url, '')} is ${r.bytes} bytes`);
            }
        }
        if (counted.length > MAX_REQUESTS || bytes > MAX_BYTES) {
            over.push(`${path}: ${counted.length} requests, ${(bytes / 1024).toFixed(1)} KB:\n    ` +
                      counted.map((r) => `${r.bytes} ${r.url.replace(server.url, '')}`)
                          .join('\n    '));
        }
    }
    assert.deepEqual(over, [], `over ${MAX_REQUESTS} requests or ${MAX_BYTES / 1024} KB, or ` +
                     `a picture over ${MAX_PICTURE / 1024} KB`);
});
