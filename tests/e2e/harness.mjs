/*
 * What every end-to-end test needs: its own `cong` server on a free loopback port with a
 * temporary database (as tests/http/harness.py does it), users made with the real
 * `cong user add`, headless Chromium from Debian driven by playwright-core, and e2eTest(),
 * which runs a test with all of them and, if it fails, saves a screenshot of every open page
 * and the server's log into the artifacts folder before closing everything.
 *
 * Environment: CONG_BIN (the cong binary; default build-test/cong), CONG_ROOT (the checkout),
 * CHROMIUM (the browser; default /usr/bin/chromium), E2E_ARTIFACTS (where screenshots go;
 * default BUILD/e2e-artifacts beside CONG_BIN).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = process.env.CONG_ROOT || path.resolve(HERE, '..', '..');
export const CONG = process.env.CONG_BIN || path.join(ROOT, 'build-test', 'cong');
export const THEME = path.join(ROOT, 'themes', 'default');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = process.env.E2E_ARTIFACTS ||
    path.join(path.dirname(CONG), 'e2e-artifacts');

/* Hashing at the interactive cost is slow under the sanitizers (docs/development.md). */
const FAST = { CONG_TEST_WEAK_HASH: '1' };

/* The flags of every run: no network of its own, no first-run work, no GPU. */
export const CHROMIUM_FLAGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/* Runs `cong ARGS`; returns {status, stdout, stderr}. Throws if it cannot be run at all. */
export function runCong(args, { env = {}, input } = {}) {
    const r = spawnSync(CONG, args, {
        env: { ASAN_OPTIONS: 'detect_leaks=0', ...process.env, ...env },
        input, encoding: 'utf8', timeout: 60000,
    });
    if (r.error) throw new Error(`cannot run ${CONG}: ${r.error.message}`);
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/* Lines of a sanitizer report in a server's log, or [] when there are none. */
export function sanitizerReports(lines) {
    return lines.filter((l) => /ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:/.test(l));
}

let template = null;

/*
 * The path of a database made by `cong init --demo`, which tests copy rather than make
 * again: under the sanitizers the demo takes about ten seconds to build. It is
 * E2E_DEMO_DB when the runner made one for the whole stage, else one made once per test
 * file (process) and removed when it exits.
 */
function demoTemplate() {
    if (process.env.E2E_DEMO_DB) {
        if (!fs.existsSync(process.env.E2E_DEMO_DB)) {
            throw new Error(`E2E_DEMO_DB ${process.env.E2E_DEMO_DB} does not exist`);
        }
        return process.env.E2E_DEMO_DB;
    }
    if (template) return template;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-e2e-demo-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const db = path.join(dir, 'demo.db');
    const r = runCong(['init', '--db', db, '--demo']);
    if (r.status !== 0) throw new Error(`cong init --demo failed: ${r.stderr}`);
    if (fs.existsSync(db + '-wal') && fs.statSync(db + '-wal').size > 0) {
        throw new Error('cong init --demo left a write-ahead log behind; cannot copy its database');
    }
    template = db;
    return db;
}

/*
 * Starts one portal with its own database, `cong init --db DB` (with --demo, a copy of
 * demoTemplate()), the users {name: {role, password}}, then `cong serve` on 127.0.0.1
 * port 0. Resolves to {url, port, db, dir, log, exited, stop()} once /healthz answers 200;
 * on any failure on the way, the server is stopped and its folder removed before the error.
 */
export async function startServer({ demo = true, users = {} } = {}) {
    if (!fs.existsSync(CONG)) throw new Error(`no cong binary at ${CONG} (set CONG_BIN)`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-e2e-'));
    const db = path.join(dir, 'cong.db');
    try {
        let r;
        if (demo) {
            fs.copyFileSync(demoTemplate(), db);
        } else {
            r = runCong(['init', '--db', db]);
            if (r.status !== 0) throw new Error(`cong init failed: ${r.stderr}`);
        }
        for (const [name, u] of Object.entries(users)) {
            r = runCong(['user', 'add', name, '--role', u.role, '--password-stdin', '--db', db],
                        { env: FAST, input: u.password + '\n' });
            if (r.status !== 0) throw new Error(`cong user add ${name} failed: ${r.stderr}`);
        }
    } catch (e) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw e;
    }
    const proc = spawn(CONG, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--theme', THEME],
                       { env: { ASAN_OPTIONS: 'detect_leaks=0', ...process.env, ...FAST },
                         stdio: ['ignore', 'pipe', 'pipe'] });
    const log = [];
    let exited = null;
    let rest = '';
    let onPort = null;
    proc.stderr.on('data', (chunk) => {
        const parts = (rest + chunk.toString('utf8')).split('\n');
        rest = parts.pop();
        for (const line of parts) {
            log.push(line);
            const m = /\(port (\d+)\)/.exec(line);
            if (m && onPort) onPort(Number(m[1]));
        }
    });
    proc.stdout.on('data', (c) => log.push(...c.toString('utf8').split('\n').filter(Boolean)));
    const gone = new Promise((ok) => proc.once('exit', (code, sig) => {
        exited = sig || code;
        if (rest) log.push(rest);
        rest = '';
        ok(exited);
    }));
    /* TERM, then KILL after 15 s; resolves to the exit code or signal */
    const kill = async () => {
        if (exited === null) {
            proc.kill('SIGTERM');
            const t = setTimeout(() => proc.kill('SIGKILL'), 15000);
            await gone;
            clearTimeout(t);
        }
        return exited;
    };
    try {
        const port = await Promise.race([
            new Promise((ok) => { onPort = ok; }),
            gone.then((how) => {
                throw new Error(`cong serve exited (${how}):\n${log.join('\n')}`);
            }),
            new Promise((ok, no) => setTimeout(() => no(new Error(
                'cong serve did not say its port within 30 s:\n' + log.join('\n'))),
                                               30000).unref()),
        ]);
        const url = `http://127.0.0.1:${port}`;
        const deadline = Date.now() + 30000;
        for (;;) {
            try {
                if ((await fetch(url + '/healthz')).status === 200) break;
            } catch { /* not listening yet */ }
            if (exited !== null) throw new Error(`cong serve exited (${exited})`);
            if (Date.now() > deadline) throw new Error('cong serve never became healthy');
            await new Promise((ok) => setTimeout(ok, 50));
        }
        return {
            url, port, db, dir, log,
            get exited() { return exited; },
            /* stops it and removes its folder; resolves to its exit code or signal */
            async stop() {
                const how = await kill();
                fs.rmSync(dir, { recursive: true, force: true });
                return how;
            },
        };
    } catch (e) {
        await kill();
        fs.rmSync(dir, { recursive: true, force: true });
        throw e;
    }
}

/*
 * Starts Debian's Chromium headless. playwright-core gives every launch a new, empty
 * temporary profile (--user-data-dir) and removes it on close. A browser that cannot start
 * is an error that says so, never a skipped test.
 */
export async function launchBrowser() {
    if (!fs.existsSync(CHROMIUM)) {
        throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/install-deps.sh --test ` +
                        '(Debian package chromium) or set CHROMIUM');
    }
    try {
        return await chromium.launch({
            executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 30000,
        });
    } catch (e) {
        throw new Error(`Chromium (${CHROMIUM}) could not start: ${e.message}`);
    }
}

/*
 * Records what a page reports as wrong: console errors, uncaught exceptions and requests
 * that failed or answered >= 400. Returns the array the page's problems go into.
 */
export function watchPage(page) {
    const problems = [];
    page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
    page.on('requestfailed', (r) => {
        /* a load the test's own next navigation cut short is no fault of the page */
        if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
        problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    });
    page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    return problems;
}

const require = createRequire(import.meta.url);
let axeSource = null;

/*
 * Fails unless axe-core finds no accessibility violation on the page (every page the tests
 * visit was clean when this became a check); the message names each rule and its first
 * element.
 */
export async function assertAccessible(page, where = page.url()) {
    await page.evaluate(axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'),
                                                      'utf8'));
    const v = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((x) => `${x.id}: ${x.help} (${x.nodes.length}, first ` +
                                       `${JSON.stringify(x.nodes[0]?.target)})`);
    });
    if (v.length) {
        throw new Error(`axe-core: ${v.length} accessibility violation kinds on ${where}:\n  ` +
                        v.join('\n  '));
    }
}

/* How many px the page is wider than its viewport (0 or less: nothing sticks out). */
export function sidewaysOverflow(page) {
    return page.evaluate(() =>
        document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/* A file name from a test's name: letters, digits and dashes. */
function slug(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd')
        .replace(/Đ/g, 'D').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
}

/* Saves a full-page screenshot as ARTIFACTS/NAME.png; returns its path. */
export async function screenshot(page, name) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, slug(name) + '.png');
    await page.screenshot({ path: file, fullPage: true });
    return file;
}

/*
 * One Chromium for the tests of a file (this process): starting one takes seconds, and each
 * test works in contexts of its own, which are closed when it ends, so no cookie, cache or
 * page passes from one test to the next. The browser is closed when the last test of the
 * file that was registered ends (and started again if a later one needs it), or if it stopped.
 */
let shared = null; // a promise of the browser
let registered = 0;

async function sharedBrowser() {
    if (shared) {
        const b = await shared.catch(() => null);
        if (b?.isConnected()) return b;
    }
    shared = launchBrowser();
    try {
        return await shared;
    } catch (e) {
        shared = null;
        throw e;
    }
}

/* Ends a test's use of the shared browser: closes its contexts, and the browser after the
   file's last test. */
async function releaseBrowser(browser) {
    if (browser) {
        for (const ctx of browser.contexts()) await ctx.close().catch(() => {});
    }
    if (--registered === 0 && shared) {
        const b = shared;
        shared = null;
        await (await b.catch(() => null))?.close().catch(() => {});
    }
}

/*
 * A test that gets {server, browser, shot(page, what)} and a bounded time (ms). Files are
 * named after `file` (default: the test's name as a slug): shot() saves ARTIFACTS/FILE-WHAT.png;
 * on failure every open page is saved as ARTIFACTS/failed-FILE-N.png and the server's log as
 * ARTIFACTS/failed-FILE.log, and the error names them. The server is stopped at the end of
 * the test: a sanitizer report in its log (shutdown included) or an exit status other than 0
 * fails the test too.
 */
export function e2eTest(name, { users = {}, demo = true, timeout = 60000, file } = {}, fn) {
    const base = file || slug(name);
    registered++;
    test(name, { timeout }, async () => {
        let server = null;
        let browser = null;
        let released = false;
        let log = null;
        try {
            server = await startServer({ demo, users });
            log = server.log;
            browser = await sharedBrowser();
            const shot = (page, what) => screenshot(page, `${base}-${what}`);
            await fn({ server, browser, shot });
            if (server.exited !== null) throw new Error(`cong serve exited (${server.exited})`);
            const b = browser;
            browser = null;
            released = true;
            await releaseBrowser(b);
            /* stopped here, so what it says while shutting down counts too */
            const how = await server.stop();
            server = null;
            const reports = sanitizerReports(log);
            if (reports.length) throw new Error('sanitizer report in the server log:\n' +
                                                reports.join('\n'));
            if (how !== 0) throw new Error(`cong serve did not stop cleanly (${how})`);
        } catch (e) {
            const saved = [];
            try {
                fs.mkdirSync(ARTIFACTS, { recursive: true });
                let n = 0;
                for (const ctx of browser ? browser.contexts() : []) {
                    for (const page of ctx.pages()) {
                        const file = path.join(ARTIFACTS, `failed-${base}-${++n}.png`);
                        await page.screenshot({ path: file, fullPage: true, timeout: 5000 });
                        saved.push(`${file} (${page.url()})`);
                    }
                }
                if (log) {
                    const file = path.join(ARTIFACTS, `failed-${base}.log`);
                    fs.writeFileSync(file, log.join('\n') + '\n');
                    saved.push(file);
                }
            } catch (e2) {
                saved.push(`(saving failed: ${e2.message})`);
            }
            if (saved.length && e instanceof Error) {
                const note = '\nsaved:\n  ' + saved.join('\n  ');
                e.message += note;
                /* the runner prints the stack, which was made with the old message */
                if (typeof e.stack === 'string') e.stack += note;
            }
            throw e;
        } finally {
            if (!released) await releaseBrowser(browser);
            if (server) await server.stop();
        }
    });
}

/* Logs in at /dang-nhap with the login form's labels; waits for the page it leads to. */
export async function login(page, url, name, password) {
    await page.goto(url + '/dang-nhap');
    await page.getByLabel('Tên đăng nhập').fill(name);
    await page.getByLabel('Mật khẩu').fill(password);
    await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')),
        page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
}

/* Logs out with the "Đăng xuất" button of the page /dang-xuat. */
export async function logout(page, url) {
    await page.goto(url + '/dang-xuat');
    await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith('/dang-xuat')),
        page.getByRole('main').getByRole('button', { name: 'Đăng xuất' }).click(),
    ]);
}

/* CRC-32 of the PNG format (ISO 3309), for makePng. */
function crc32(buf) {
    let c = ~0;
    for (const byte of buf) {
        c ^= byte;
        for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
}

/*
 * A truecolour PNG of width x height made here (a diagonal gradient with a dark band), so
 * the tests upload a real image without shipping one.
 */
export function makePng(width, height) {
    const raw = Buffer.alloc((width * 3 + 1) * height);
    for (let y = 0; y < height; y++) {
        const row = y * (width * 3 + 1);
        raw[row] = 0; /* filter: none */
        for (let x = 0; x < width; x++) {
            const band = Math.abs(x - y) < height / 10;
            raw[row + 1 + x * 3] = band ? 20 : Math.floor((255 * x) / width);
            raw[row + 2 + x * 3] = band ? 40 : Math.floor((255 * y) / height);
            raw[row + 3 + x * 3] = band ? 60 : 160;
        }
    }
    const chunk = (type, data) => {
        const len = Buffer.alloc(4);
        len.writeUInt32BE(data.length);
        const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
        const crc = Buffer.alloc(4);
        crc.writeUInt32BE(crc32(td));
        return Buffer.concat([len, td, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = 8;  /* bit depth */
    ihdr[9] = 2;  /* truecolour */
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
    ]);
}
