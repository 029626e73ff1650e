// Every in-book link of the rendered example guide, followed in Chromium the
// way a reader follows it: TOC, Topics, workflow table, step references,
// "What to do next", heading anchors; on every page and on print.html.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bookPages, buildExample, launchBrowser, serveDir, watchProblems } from './lib/harness.mjs';

let server;
let browser;
let page;
let problems;

before(async () => {
  const out = buildExample('links');
  server = await serveDir(out);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  // print.html opens the print dialog once loaded; a reader dismisses it,
  // the test replaces it with a no-op (it is not part of what is checked).
  await page.addInitScript(() => {
    if (location.pathname.endsWith('/print.html')) window.print = () => {};
  });
  problems = watchProblems(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The in-book links inside <main> of the page at `url`. */
async function linksIn(url) {
  await page.goto(url);
  return page.$$eval('main a[href]', (as) =>
    as.map((a, index) => ({
      index,
      href: a.getAttribute('href'),
      url: a.href,
      text: a.textContent.trim().replace(/\s+/g, ' '),
    })),
  );
}

/** Where the target of the current URL's fragment is, after scrolling
 *  settled. */
async function targetState() {
  return page.evaluate(async () => {
    const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await frames();
    let last = -1;
    for (let i = 0; i < 50 && window.scrollY !== last; i++) {
      last = window.scrollY;
      await frames();
    }
    const id = decodeURIComponent(location.hash.slice(1));
    const nav = performance.getEntriesByType('navigation')[0];
    const status = nav ? nav.responseStatus : 0;
    const hasMain = !!document.querySelector('main h1, main h2');
    if (!id) return { id, status, hasMain, exists: true, scrollY: window.scrollY };
    const el = document.getElementById(id);
    if (!el) return { id, status, hasMain, exists: false };
    const r = el.getBoundingClientRect();
    // The element is what a reader sees at its top-left: not hidden under
    // the sticky menu bar or anything else.
    const x = Math.min(r.left + Math.min(8, r.width / 2), innerWidth - 1);
    const y = r.top + Math.min(8, r.height / 2);
    const atPoint = y >= 0 && y < innerHeight ? document.elementFromPoint(x, y) : null;
    return {
      id,
      status,
      hasMain,
      exists: true,
      top: r.top,
      bottom: r.bottom,
      innerHeight,
      visible: !!atPoint && (el === atPoint || el.contains(atPoint)),
      coveredBy: atPoint && !(el === atPoint || el.contains(atPoint)) ? atPoint.outerHTML.slice(0, 120) : null,
    };
  });
}

/** Clicks link number `link.index` in <main> of `from` and checks where it
 *  lands. Returns a list of failures. */
async function follow(from, link) {
  const failures = [];
  if (link.href.startsWith('#') && page.url().split('#')[0] === from) {
    // Same page: no reload needed; start from the top without a fragment.
    await page.evaluate(() => {
      history.replaceState(null, '', location.pathname);
      window.scrollTo(0, 0);
    });
  } else {
    await page.goto(from);
  }
  const a = page.locator('main a[href]').nth(link.index);
  const expected = link.url;
  await Promise.all([page.waitForURL(expected, { waitUntil: 'load' }), a.click()]);
  const s = await targetState();
  const where = `${from.replace(server.url, '')}: link "${link.text}" (${link.href})`;
  if (s.status && s.status !== 200) failures.push(`${where}: HTTP ${s.status}`);
  if (!s.hasMain) failures.push(`${where}: the target page has no content`);
  if (!s.exists) failures.push(`${where}: no element with id "${s.id}"`);
  else if (s.id) {
    if (!(s.top >= 0 && s.top < s.innerHeight)) {
      failures.push(`${where}: #${s.id} is not scrolled into view (top ${s.top}, viewport ${s.innerHeight})`);
    } else if (!s.visible) {
      failures.push(`${where}: #${s.id} is covered by ${s.coveredBy}`);
    }
  }
  return failures;
}

async function checkAllLinks(pages) {
  const failures = [];
  let count = 0;
  const kinds = new Set();
  for (const from of pages) {
    const links = (await linksIn(from)).filter((l) => l.url.startsWith(server.url));
    for (const link of links) {
      count++;
      kinds.add(link.href.startsWith('#') ? 'fragment' : link.href.includes('#') ? 'page#fragment' : 'page');
      failures.push(...(await follow(from, link)));
    }
  }
  return { failures, count, kinds };
}

describe('the example guide in Chromium', () => {
  test('every page loads without console errors and without error boxes', async () => {
    const pages = await bookPages(page, server.url);
    assert.ok(pages.length >= 10, `the sidebar lists ${pages.length} pages`);
    for (const url of [...pages, server.url + 'print.html']) {
      await page.goto(url);
      const boxes = await page.locator('.integration-guide-error').count();
      assert.equal(boxes, 0, `${url}: ${boxes} error boxes in the example guide`);
      const raw = await page.$$eval('main', (m) =>
        m.map((x) => {
          const c = x.cloneNode(true);
          c.querySelectorAll('code, pre').forEach((e) => e.remove());
          return c.textContent;
        }),
      );
      assert.ok(!raw.join('').includes('<<#'), `${url}: an unexpanded shortcode`);
    }
    assert.deepEqual(problems, []);
  });

  test('every in-book link on every page lands on its target, in view', async (t) => {
    const pages = await bookPages(page, server.url);
    problems.length = 0;
    const { failures, count, kinds } = await checkAllLinks(pages);
    t.diagnostic(`${count} links followed on ${pages.length} pages`);
    assert.deepEqual(failures, []);
    assert.ok(count >= 60, `only ${count} in-book links followed`);
    assert.deepEqual([...kinds].sort(), ['fragment', 'page', 'page#fragment']);
    assert.deepEqual(problems, [], 'console errors or failed requests while following links');
  });

  test('the generated structures link where they should', async () => {
    // The workflow table's task links and the step references: each one
    // names a config step heading, numbered as in the table.
    await page.goto(server.url + 'workflow.html');
    const rows = await page.$$eval('main table tbody tr', (trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')];
        const a = cells[2]?.querySelector('a');
        return { number: cells[0]?.textContent.trim(), href: a?.getAttribute('href'), title: a?.textContent.trim() };
      }),
    );
    assert.ok(rows.length >= 6, 'the workflow table has a row per config step');
    rows.forEach((row, i) => assert.equal(row.number, String(i + 1)));
    for (const row of rows) {
      await page.goto(server.url + 'workflow.html');
      await Promise.all([
        page.waitForURL(new URL(row.href, server.url + 'workflow.html').href),
        page.locator(`main table a[href="${row.href}"]`).click(),
      ]);
      const heading = await page.evaluate(() => document.getElementById(location.hash.slice(1))?.textContent.trim());
      // An optional step's heading ends in "(optional)", after its title.
      assert.equal(heading.replace(/ \(optional\)$/, ''), `${row.number}. ${row.title}`);
    }
  });

  test('print.html: every in-book link lands on its target, in view', async (t) => {
    problems.length = 0;
    const { failures, count } = await checkAllLinks([server.url + 'print.html']);
    t.diagnostic(`${count} links followed on print.html`);
    assert.deepEqual(failures, []);
    assert.ok(count >= 40, `only ${count} in-book links on print.html`);
    // On the print page every link stays on the page.
    const links = await linksIn(server.url + 'print.html');
    const leaving = links.filter(
      (l) => l.url.startsWith(server.url) && !l.url.startsWith(server.url + 'print.html#'),
    );
    assert.deepEqual(
      leaving.map((l) => l.href),
      [],
      'links on print.html that leave the print page',
    );
    assert.deepEqual(problems, []);
  });
});
