// `<<#downloads>>`: each link downloads the guide's requests, and the file
// parses: a Postman collection (JSON, v2.1 schema URL, the requests in
// order) and an .http file (### and # @name per request). Clicked in
// Chromium from file://, from a static server, and under `mdbook serve`,
// in each of the five themes; printed (and print.html printed), the links
// are hidden and the note shows.
//
// `<<#downloads>>` is added at the end of a copy of the example book's
// validation chapter; the files hold the example guide's requests (its
// auth-flow token request, then the validation chapter's api-examples).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  THEMES,
  buildExample,
  freePort,
  launchBrowser,
  mdbookBin,
  mdbookEnv,
  serveDir,
  spawnServer,
  waitFor,
} from './lib/harness.mjs';

let out;
let bookDir;
let server;
let serve;
let browser;

function addBlock(dir) {
  const chapter = path.join(dir, 'src', 'validation.md');
  fs.appendFileSync(chapter, '\n## Download the requests\n\n<<#downloads>>\n');
}

before(async () => {
  out = buildExample('downloads', { edit: addBlock });
  bookDir = path.dirname(out);
  server = await serveDir(out);
  browser = await launchBrowser({ acceptDownloads: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await serve?.kill();
});

/** Clicks each download link of the page at `url`; returns name -> text. */
async function clickAll(page, url) {
  await page.goto(url);
  const links = page.locator('a.integration-guide-download');
  assert.equal(await links.count(), 2, url);
  const files = {};
  for (let i = 0; i < 2; i++) {
    const link = links.nth(i);
    assert.ok(await link.isVisible(), `${url}: link ${i} visible`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const name = download.suggestedFilename();
    assert.equal(name, await link.getAttribute('download'));
    files[name] = fs.readFileSync(await download.path(), 'utf8');
  }
  return files;
}

function checkFiles(files, where) {
  const names = Object.keys(files);
  const collectionName = names.find((n) => n.endsWith('.postman_collection.json'));
  const httpName = names.find((n) => n.endsWith('.http'));
  assert.ok(collectionName && httpName, `${where}: ${names}`);
  assert.match(collectionName, /-sandbox\.postman_collection\.json$/, where);
  const collection = JSON.parse(files[collectionName]);
  assert.equal(collection.info.schema, 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json', where);
  const requests = collection.item.flatMap((folder) => folder.item.map((i) => i.name));
  assert.deepEqual(requests, ['client-credentials token request', 'GET /v2/customers', 'POST /v2/invoices', 'GET /v2/invoices/$INVOICE_NUMBER', 'POST /v2/invoices'], where);
  assert.equal(collection.item[0].item[0].request.url, 'https://sandbox.globex.example/oauth/token', where);
  const http = files[httpName];
  assert.equal((http.match(/^###$/gm) || []).length, 5, where);
  assert.match(http, /^# @name s03_post_v2_invoices$/m, where);
  assert.match(http, /^Authorization: Basic \{\{\$processEnv CLIENT_ID\}\} \{\{\$processEnv CLIENT_SECRET\}\}$/m, where);
}

test('the links download parseable files from file:// and over HTTP', async () => {
  const page = await browser.context.newPage();
  checkFiles(await clickAll(page, pathToFileURL(path.join(out, 'validation.html')).href), 'file://');
  checkFiles(await clickAll(page, `${server.url}validation.html`), 'static server');
  await page.close();
});

test('the links work in every theme', async () => {
  const page = await browser.context.newPage();
  for (const theme of THEMES) {
    await page.goto(`${server.url}validation.html`);
    await page.evaluate((t) => localStorage.setItem('mdbook-theme', t), theme);
    await page.reload();
    await page.waitForFunction((t) => document.documentElement.classList.contains(t), theme);
    checkFiles(await clickAll(page, `${server.url}validation.html`), theme);
    assert.ok(!(await page.locator('.integration-guide-downloads-print').isVisible()), theme);
  }
  await page.close();
});

test('printed, the note shows instead of the links (the page and print.html)', async () => {
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    if (location.pathname.endsWith('/print.html')) window.print = () => {};
  });
  await page.emulateMedia({ media: 'print' });
  for (const url of [`${server.url}validation.html`, `${server.url}print.html`]) {
    await page.goto(url);
    assert.ok(await page.locator('.integration-guide-downloads-print').first().isVisible(), url);
    assert.ok(!(await page.locator('.integration-guide-downloads-links').first().isVisible()), url);
  }
  await page.close();
});

test('the links work under mdbook serve', async () => {
  const port = await freePort();
  serve = spawnServer(mdbookBin(), ['serve', bookDir, '-p', String(port), '-n', '127.0.0.1'], {
    env: mdbookEnv(),
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(
    'mdbook serve to answer',
    async () => {
      if (serve.exited) throw new Error(`mdbook serve exited: ${JSON.stringify(serve.exited)}\n${serve.stderr}`);
      const res = await fetch(url + 'validation.html', { signal: AbortSignal.timeout(2_000) });
      return res.ok;
    },
    { timeout: 60_000, interval: 200 },
  );
  const page = await browser.context.newPage();
  checkFiles(await clickAll(page, `${url}validation.html`), 'mdbook serve');
  await page.close();
});
