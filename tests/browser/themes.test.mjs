// The example guide in each of mdBook's five themes, on a phone-sized
// screen and in print: screenshots for people to look at (target/screenshots)
// and the checks that can be automated (contrast, nothing wider than the
// screen, theme switching through the menu as a reader does it).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SCREENSHOTS, THEMES, bookPages, buildExample, launchBrowser, serveDir, shoot, watchProblems } from './lib/harness.mjs';

let server;
let warnServer;
let browser;

before(async () => {
  server = await serveDir(buildExample('themes'));
  // A copy with on-error = "warn" and broken shortcodes, to see the error
  // boxes a writer meets, and a table too wide for a phone.
  const warnBook = buildExample('themes-warn', {
    allowWarnings: true,
    edit: (dir) => {
      const toml = path.join(dir, 'book.toml');
      fs.writeFileSync(
        toml,
        fs
          .readFileSync(toml, 'utf8')
          .replace('after = ["links", "index"]', 'after = ["links", "index"]\non-error = "warn"'),
      );
      const workflow = path.join(dir, 'src/workflow.md');
      fs.writeFileSync(
        workflow,
        fs
          .readFileSync(workflow, 'utf8')
          .replace('<<#step-ref create-api-client>>', '<<#step-ref create-api-clinet>>') +
          '\n<<#workflow-tabel>>\n' +
          // And a table too wide for a phone, whatever its padding.
          '\n## A wide table\n\n' +
          '| Acme CRM field | Globex Billing field | Type | Required | Example |\n' +
          '|---|---|---|---|---|\n' +
          '| `deal.account.billing_address.postal_code` | `invoice.customer.address.postal_code` | string | yes | `SW1A 1AA` |\n',
      );
    },
  });
  warnServer = await serveDir(warnBook);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await warnServer?.close();
});

/** Chooses `theme` in the theme menu, as a reader does. */
async function chooseTheme(page, theme) {
  await page.locator('#mdbook-theme-toggle').click();
  await page.locator(`#mdbook-theme-${theme}`).click();
  await page.waitForFunction((t) => document.documentElement.classList.contains(t), theme);
}

/** The rectangle (page coordinates) from the config step heading `id` to
 *  the next heading of the same or a higher level (or the end of <main>). */
async function stepClip(page, id) {
  return page.evaluate((id) => {
    const h = document.getElementById(id);
    const level = Number(h.tagName.slice(1));
    const main = document.querySelector('main');
    let end = main.getBoundingClientRect().bottom;
    for (let el = h.nextElementSibling; el; el = el.nextElementSibling) {
      if (/^H[1-6]$/.test(el.tagName) && Number(el.tagName.slice(1)) <= level) {
        end = el.getBoundingClientRect().top;
        break;
      }
    }
    const m = main.getBoundingClientRect();
    const top = h.getBoundingClientRect().top - 16;
    return {
      x: m.left + scrollX - 16,
      y: top + scrollY,
      width: m.width + 32,
      height: Math.min(end - top, 1600),
    };
  }, id);
}

/** The workflow table (the one whose first column is "Step"). */
function workflowTable(page) {
  return page
    .locator('main .table-wrapper')
    .filter({ has: page.locator('th').first().filter({ hasText: /^Step$/ }) })
    .first();
}

/** The rectangle (page coordinates) around the error boxes of the warn
 *  build: from the first to the last, with the text around them. */
async function errorClip(page) {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll('main .integration-guide-error')];
    const blocks = boxes.map((b) => b.closest('p, pre, li, td') ?? b);
    const rects = blocks.map((b) => b.getBoundingClientRect());
    const m = document.querySelector('main').getBoundingClientRect();
    const top = Math.min(...rects.map((r) => r.top)) - 16;
    const bottom = Math.max(...rects.map((r) => r.bottom)) + 16;
    return { x: m.left + scrollX - 16, y: top + scrollY, width: m.width + 32, height: bottom - top };
  });
}

/** The example's field map (Acme CRM mapping step) and value map. */
function fieldMap(page) {
  return page.locator('main .table-wrapper').filter({ hasText: 'Invoice reference' });
}
function valueMap(page) {
  return page.locator('main .table-wrapper').filter({ hasText: 'any other value' });
}

/** The data flow diagram of the architecture chapter, if the guide has one
 *  (the last flow figure: the auth-flow of "Authentication" comes first). */
function diagram(page) {
  return page.locator('main .integration-guide-flow').last();
}

/** The auth-flow diagram of the architecture chapter (its first flow
 *  figure, under "Authentication flow"), if the guide has one. */
function authDiagram(page) {
  return page.locator('main h3#authentication-flow ~ .integration-guide-flow').first();
}

/** WCAG contrast of every piece of text in <main> against what is behind
 *  it: [{ text, ratio, large, ours }], `ours` when the text is inside
 *  something this preprocessor emits and styles (integration-guide-*
 *  classes, SVG diagrams). */
async function contrasts(page) {
  return page.evaluate(() => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const over = (top, below) => ({
      r: top.r * top.a + below.r * (1 - top.a),
      g: top.g * top.a + below.g * (1 - top.a),
      b: top.b * top.a + below.b * (1 - top.a),
      a: 1,
    });
    // What is painted behind `el`: the background colours of its ancestors
    // (and, inside an SVG, the fills of the shapes it is drawn on).
    const background = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0) layers.push(c);
        if (c && c.a === 1) break;
      }
      let bg = { r: 255, g: 255, b: 255, a: 1 };
      for (const l of layers.reverse()) bg = over(l, bg);
      return bg;
    };
    const svgBackground = (el) => {
      const svg = el.closest('svg');
      let bg = background(svg);
      const box = el.getBoundingClientRect();
      const cx = box.left + box.width / 2;
      const cy = box.top + box.height / 2;
      for (const shape of svg.querySelectorAll('rect, circle, ellipse, polygon, path')) {
        if (shape.contains(el) || el.contains(shape)) continue;
        const r = shape.getBoundingClientRect();
        const fill = parse(getComputedStyle(shape).fill);
        if (!fill || fill.a === 0) continue;
        if (shape.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING &&
            cx >= r.left && cx <= r.right && cy >= r.top && cy <= r.bottom) {
          bg = over({ ...fill, a: fill.a * Number(getComputedStyle(shape).fillOpacity || 1) }, bg);
        }
      }
      return bg;
    };
    const out = [];
    const seen = new Set();
    const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim()) continue;
      const el = n.parentElement;
      if (seen.has(el)) continue;
      seen.add(el);
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.display === 'none' || !el.getClientRects().length) continue;
      const isSvg = el instanceof SVGElement;
      const fg = parse(isSvg ? cs.fill : cs.color);
      if (!fg) continue;
      for (let e = el; e && e.tagName !== 'MAIN'; e = e.parentElement) {
        fg.a *= Number(getComputedStyle(e).opacity);
      }
      const bg = isSvg ? svgBackground(el) : background(el);
      const a = lum(over(fg, bg));
      const b = lum(bg);
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(cs.fontSize);
      const bold = Number(cs.fontWeight) >= 700;
      out.push({
        text: `${el.tagName.toLowerCase()} "${n.textContent.trim().replace(/\s+/g, ' ').slice(0, 40)}"`,
        ratio: Math.round(ratio * 100) / 100,
        large: size >= 24 || (bold && size >= 18.66),
        ours: isSvg || !!el.closest('[class*="integration-guide"]'),
      });
    }
    return out;
  });
}

/** The texts below WCAG AA: 4.5:1 (3:1 for large text) for what we style;
 *  3:1 for the rest, whose colours are mdBook's theme's own (its rust and
 *  coal themes colour links at 3.7:1 and 3.8:1, which we leave alone). */
async function lowContrast(page, report, label) {
  const bad = [];
  for (const c of await contrasts(page)) {
    const min = c.ours ? (c.large ? 3 : 4.5) : 3;
    report.push(`${label}\t${c.ratio.toFixed(2)}\t${c.ours ? 'ours' : 'mdBook'}\t${c.text}`);
    if (c.ratio < min) bad.push(`${label}: ${c.text}: ${c.ratio} < ${min}${c.ours ? '' : ' (mdBook theme colours)'}`);
  }
  return bad;
}

/** The elements in <main> that stick out to the right of the screen, and
 *  whether the page itself scrolls sideways. */
async function overflow(page) {
  return page.evaluate(() => {
    const out = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) {
      out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    }
    for (const el of document.querySelectorAll('main *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      // Inside a scroll container (a table wrapper, a code block) sticking
      // out is what the scroll container is for.
      let clipped = false;
      for (let p = el.parentElement; p && p.tagName !== 'MAIN'; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') clipped = true;
      }
      if (!clipped && r.right > width + 1) {
        out.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" ends at ${Math.round(r.right)} > ${width}`);
      }
    }
    return out;
  });
}


describe('themes, small screens and print', () => {
  test('five themes chosen from the menu: screenshots and contrast', async (t) => {
    const page = await browser.context.newPage();
    const problems = watchProblems(page);
    const pages = await bookPages(page, server.url);
    const contrast = [];
    const report = [];
    let diagrams = 0;
    for (const theme of THEMES) {
      await page.goto(server.url + 'workflow.html');
      await chooseTheme(page, theme);
      assert.equal(await page.evaluate(() => localStorage.getItem('mdbook-theme')), theme);
      await shoot(page, `${theme}-workflow-table`, workflowTable(page));

      await page.goto(server.url + 'configuration/globex.html');
      assert.ok(
        await page.evaluate((t) => document.documentElement.classList.contains(t), theme),
        `${theme} is kept from page to page`,
      );
      await shoot(page, `${theme}-config-step`, await stepClip(page, 'create-api-client'));

      await page.goto(server.url + 'architecture.html');
      if ((await diagram(page).count()) > 0) {
        diagrams++;
        await shoot(page, `${theme}-data-flow-diagram`, diagram(page));
      }
      if ((await authDiagram(page).count()) > 0) await shoot(page, `${theme}-auth-flow-diagram`, authDiagram(page));
      await shoot(page, `${theme}-value-map`, valueMap(page));
      await page.goto(server.url + 'configuration/acme.html');
      await shoot(page, `${theme}-field-map`, fieldMap(page));

      for (const url of pages) {
        await page.goto(url);
        contrast.push(...(await lowContrast(page, report, `${theme} ${url.replace(server.url, '')}`)));
      }

      // The warn build is another origin: choose the theme there too.
      await page.goto(warnServer.url + 'workflow.html');
      await chooseTheme(page, theme);
      assert.equal(await page.locator('main .integration-guide-error').count(), 2, 'an inline and a block error box');
      await shoot(page, `${theme}-error-boxes`, await errorClip(page));
      contrast.push(...(await lowContrast(page, report, `${theme} error boxes`)));
    }
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.writeFileSync(path.join(SCREENSHOTS, 'contrast.tsv'), 'where\tratio\tstyled by\ttext\n' + report.join('\n') + '\n');
    if (diagrams === 0) t.diagnostic('book-example has no data flow diagram yet: none screenshotted');
    assert.deepEqual(contrast, [], 'text below WCAG AA contrast (see target/screenshots/contrast.tsv)');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a 390 px wide phone: nothing wider than the screen, wide tables scroll', async () => {
    const context = browser.context;
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const problems = watchProblems(page);
    const failures = [];
    const pages = await bookPages(page, server.url);
    for (const theme of ['light', 'navy']) {
      await page.goto(server.url + 'workflow.html');
      await page.evaluate((t) => localStorage.setItem('mdbook-theme', t), theme);
      for (const url of [...pages, server.url + 'print.html']) {
        await page.goto(url);
        for (const o of await overflow(page)) failures.push(`${theme} ${url.replace(server.url, '')}: ${o}`);
      }
      await page.goto(server.url + 'workflow.html');
      const wrapper = workflowTable(page);
      // The workflow table of the example fits the phone: no sideways
      // scrolling to find the description.
      const fit = await wrapper.evaluate((w) => ({ scroll: w.scrollWidth, client: w.clientWidth }));
      if (fit.scroll > fit.client) failures.push(`${theme}: the workflow table needs sideways scrolling: ${JSON.stringify(fit)}`);
      await shoot(page, `narrow-${theme}-workflow-table`, wrapper);
      await page.goto(server.url + 'configuration/globex.html');
      await shoot(page, `narrow-${theme}-config-step`, await stepClip(page, 'create-api-client'));
      await page.goto(server.url + 'architecture.html');
      if ((await diagram(page).count()) > 0) await shoot(page, `narrow-${theme}-data-flow-diagram`, diagram(page));
      if ((await authDiagram(page).count()) > 0) {
        // The diagram scales down to the phone's width (no sideways scroll).
        const fit = await authDiagram(page).evaluate((f) => ({ figure: f.getBoundingClientRect().width, main: f.closest('main').clientWidth }));
        if (fit.figure > fit.main) failures.push(`${theme}: the auth-flow diagram is wider than the phone: ${JSON.stringify(fit)}`);
        await shoot(page, `narrow-${theme}-auth-flow-diagram`, authDiagram(page));
      }
      // The field map has six columns: on a phone it scrolls inside its
      // wrapper (the page does not: see overflow above), to its last column.
      await page.goto(server.url + 'configuration/acme.html');
      const mapping = fieldMap(page);
      const m = await mapping.evaluate((w) => ({ scroll: w.scrollWidth, client: w.clientWidth }));
      if (m.scroll > m.client) {
        await mapping.evaluate((w) => (w.scrollLeft = w.scrollWidth));
        assert.ok(await mapping.evaluate((w) => w.scrollLeft > 0), 'the field map scrolls sideways');
        await shoot(page, `narrow-${theme}-field-map-scrolled`, mapping);
        await mapping.evaluate((w) => (w.scrollLeft = 0));
      }
      await shoot(page, `narrow-${theme}-field-map`, mapping);
      await page.goto(warnServer.url + 'workflow.html');
      await page.evaluate((t) => localStorage.setItem('mdbook-theme', t), theme);
      await page.reload();
      for (const o of await overflow(page)) failures.push(`${theme} error boxes: ${o}`);
      // The wide table scrolls inside its wrapper: the page does not, and a
      // reader can reach the last column.
      const wide = page.locator('main .table-wrapper').filter({ hasText: 'postal_code' });
      const scroll = await wide.evaluate((w) => ({ scroll: w.scrollWidth, client: w.clientWidth }));
      assert.ok(scroll.scroll > scroll.client, `the wide table is wider than the phone: ${JSON.stringify(scroll)}`);
      await wide.evaluate((w) => (w.scrollLeft = w.scrollWidth));
      assert.ok(await wide.evaluate((w) => w.scrollLeft > 0), 'the wide table scrolls sideways');
      await shoot(page, `narrow-${theme}-wide-table-scrolled`, wide);
      await wide.evaluate((w) => (w.scrollLeft = 0));
      await shoot(page, `narrow-${theme}-error-boxes`, await errorClip(page));
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('print: the print page in print media, light and navy', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => (window.print = () => {}));
    const problems = watchProblems(page);
    for (const theme of ['light', 'navy']) {
      await page.emulateMedia({ media: 'screen' });
      await page.goto(server.url + 'print.html');
      await page.evaluate((t) => localStorage.setItem('mdbook-theme', t), theme);
      await page.emulateMedia({ media: 'print' });
      await page.reload();
      // Nothing but the book is printed.
      assert.equal(await page.locator('#mdbook-sidebar').isVisible(), false);
      assert.equal(await page.locator('#mdbook-menu-bar').isVisible(), false);
      await shoot(page, `print-${theme}-workflow-table`, workflowTable(page));
      await shoot(page, `print-${theme}-config-step`, await stepClip(page, 'create-api-client'));
      if ((await diagram(page).count()) > 0) await shoot(page, `print-${theme}-data-flow-diagram`, diagram(page));
      // Printed with backgrounds (what the screenshot shows), everything
      // we style reads.
      assert.deepEqual(await lowContrast(page, [], `print ${theme}`), []);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
});
