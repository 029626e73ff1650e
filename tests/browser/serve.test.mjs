// `mdbook serve` as writers use it: the example guide served on localhost,
// a chapter edited while a reader's page is open (a new config step: the
// page reloads by itself with the steps renumbered and the workflow table
// updated), a shortcode broken (the located error is logged, serve keeps
// running and serving the last good build) and fixed again (it recovers).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  copyExample,
  freePort,
  launchBrowser,
  mdbookBin,
  mdbookEnv,
  spawnServer,
  waitFor,
  watchProblems,
} from './lib/harness.mjs';

let dir;
let serve;
let base;
let browser;

/** Starts `mdbook serve` on a free port; retries once if the port was
 *  taken between choosing and binding it. */
async function startServe() {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const proc = spawnServer(mdbookBin(), ['serve', dir, '-p', String(port), '-n', '127.0.0.1'], {
      env: mdbookEnv(),
    });
    const url = `http://127.0.0.1:${port}/`;
    try {
      await waitFor(
        'mdbook serve to answer',
        async () => {
          if (proc.exited) throw new Error(`mdbook serve exited: ${JSON.stringify(proc.exited)}\n${proc.stderr}`);
          const res = await fetch(url + 'workflow.html', { signal: AbortSignal.timeout(2_000) });
          return res.ok;
        },
        { timeout: 60_000, interval: 200 },
      );
      return { proc, url };
    } catch (e) {
      await proc.kill();
      if (attempt >= 1) throw e;
    }
  }
}

before(async () => {
  dir = copyExample(fs.mkdtempSync(path.join(os.tmpdir(), 'integration-guide-serve-')));
  ({ proc: serve, url: base } = await startServe());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await serve?.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function edit(rel, change) {
  const file = path.join(dir, 'src', rel);
  const before = fs.readFileSync(file, 'utf8');
  const afterText = change(before);
  assert.notEqual(afterText, before, `the edit of ${rel} changed nothing`);
  fs.writeFileSync(file, afterText);
}

/** The workflow table as the reader sees it: [number, party, task, href]. */
async function workflowRows(page) {
  return page.$$eval('main table tbody tr', (trs) =>
    trs
      .filter((tr) => tr.closest('table').querySelector('th')?.textContent.trim() === 'Step')
      .map((tr) => {
        const td = [...tr.querySelectorAll('td')];
        return [td[0].textContent.trim(), td[1].textContent.trim(), td[2].textContent.trim(), td[2].querySelector('a')?.getAttribute('href')];
      }),
  );
}

const NEW_STEP = `<<#config-step id="restrict-client" title="Restrict the API client" party="Globex Billing admin" summary="Allow calls only from Acme CRM's address range.">>
1. Open the \`Acme CRM\` client and select **Network**.
2. Enter Acme CRM's outbound address range and select **Save**.
<</config-step>>

`;

test('mdbook serve: edit, break and fix a chapter while a reader watches', { timeout: 240_000 }, async (t) => {
  const page = await browser.context.newPage();
  const problems = watchProblems(page);
  const started = Date.now();
  const phase = (what) => t.diagnostic(`${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await page.goto(base + 'workflow.html');
  const rows = await workflowRows(page);
  assert.equal(rows.length, 7);
  assert.deepEqual(rows[1].slice(0, 3), ['2', 'Globex Billing admin', 'Grant the invoice scope']);

  // 1. A writer adds a config step between steps 1 and 2.
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  edit('configuration/globex.md', (text) =>
    text.replace('<<#config-step id="grant-invoice-scope"', NEW_STEP + '<<#config-step id="grant-invoice-scope"'),
  );
  // The open page reloads by itself (mdBook's live reload) and shows the
  // new step, every step after it renumbered.
  await reloaded;
  await waitFor('the workflow table to show the new step', async () => (await workflowRows(page)).length === 8, {
    timeout: 60_000,
  });
  phase('new step shown');
  assert.deepEqual(await workflowRows(page), [
    ['1', 'Globex Billing admin', 'Create the API client', 'configuration/globex.html#create-api-client'],
    ['2', 'Globex Billing admin', 'Restrict the API client', 'configuration/globex.html#restrict-client'],
    ['3', 'Globex Billing admin', 'Grant the invoice scope', 'configuration/globex.html#grant-invoice-scope'],
    ['4', 'Acme CRM admin', 'Connect Acme CRM to Globex Billing', 'configuration/acme.html#connect-globex'],
    ['5', 'Acme CRM admin', 'Create the webhook', 'configuration/acme.html#create-webhook'],
    ['6', 'Acme CRM admin', 'Map the deal fields', 'configuration/acme.html#map-deal-fields'],
    ['7', 'Acme CRM admin', 'Tell the sales team (optional)', 'configuration/acme.html#notify-sales'],
    ['8', 'Both', 'Switch on the integration', 'configuration/acme.html#switch-on'],
  ]);
  // Follow the new row to the step itself.
  await Promise.all([
    page.waitForURL(base + 'configuration/globex.html#restrict-client'),
    page.locator('main a[href="configuration/globex.html#restrict-client"]').click(),
  ]);
  const headings = await page.$$eval('main h2', (hs) => hs.map((h) => h.textContent.trim()));
  assert.deepEqual(
    headings.filter((h) => /^\d+\. /.test(h)),
    ['1. Create the API client', '2. Restrict the API client', '3. Grant the invoice scope'],
  );
  assert.ok(
    await page.evaluate(() => {
      const r = document.getElementById('restrict-client').getBoundingClientRect();
      return r.top >= 0 && r.top < innerHeight;
    }),
    'the new step is scrolled into view',
  );
  // Step 1's generated "What to do next" now points at the new step 2.
  assert.ok(
    await page.locator('main a[href="#restrict-client"]', { hasText: 'Step 2: Restrict the API client' }).count(),
    'step 1 continues with the new step 2',
  );
  await page.goto(base + 'configuration/acme.html');
  assert.ok((await page.locator('main h2', { hasText: '4. Connect Acme CRM to Globex Billing' }).count()) === 1);

  // 2. The writer adds a sentence with a mistyped step id: the error is
  //    logged with its exact location, serve keeps running and keeps
  //    serving the last good build.
  await page.goto(base + 'validation.html');
  const logged = serve.stderr.length;
  const BROKEN = 'All done? Compare with <<#step-ref create-api-clinet>>.';
  let line;
  edit('validation.md', (text) => {
    const body = text.endsWith('\n') ? text : text + '\n';
    line = body.split('\n').length + 1; // after one blank line
    return body + '\n' + BROKEN + '\n';
  });
  // The error points at the mistyped id (columns count characters, from 1).
  const where = `src/validation.md:${line}:${BROKEN.indexOf('create-api-clinet') + 1}: error: `;
  const error = await waitFor(
    'the located error in the log of mdbook serve',
    () => serve.stderr.slice(logged).split('\n').find((l) => l.includes('src/validation.md:') && l.includes('error')),
    { timeout: 60_000 },
  );
  phase('error logged');
  t.diagnostic(`mdbook serve logged: ${error}`);
  assert.ok(error.includes(where), `expected ${where}..., got: ${error}`);
  assert.match(error, /create-api-clinet/);
  assert.match(serve.stderr.slice(logged), /create-api-client/, 'the closest id is suggested');
  await new Promise((r) => setTimeout(r, 1_000));
  assert.equal(serve.exited, null, 'mdbook serve is still running');
  const res = await fetch(base + 'validation.html', { signal: AbortSignal.timeout(5_000) });
  assert.equal(res.status, 200);
  assert.ok(!(await res.text()).includes('All done?'), 'the last good build is still served');

  // 3. The writer fixes it: the next build succeeds and the open page
  //    reloads by itself with the new sentence, its link resolved.
  const recovered = page.waitForEvent('load', { timeout: 60_000 });
  edit('validation.md', (text) => text.replace('create-api-clinet', 'create-api-client'));
  await recovered;
  await waitFor(
    'the fixed chapter to be served',
    async () => (await page.locator('main').textContent()).includes('All done?'),
    { timeout: 60_000 },
  );
  phase('recovered');
  assert.equal(await page.locator('.integration-guide-error').count(), 0);
  assert.equal(
    await page.locator('main a[href="configuration/globex.html#create-api-client"]').last().textContent(),
    'Step 1: Create the API client',
  );
  assert.equal(serve.exited, null, 'mdbook serve is still running');

  // mdBook's live-reload socket is closed on each reload; nothing else may
  // have gone wrong in the page.
  assert.deepEqual(problems, []);
  await page.close();
});
