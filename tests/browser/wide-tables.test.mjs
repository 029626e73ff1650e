// Wide tables (issue 27): a field map of six columns with long
// identifiers (`WorkphoneLandlineCountryCodeNumber`) fits the content
// column at 1280x900 with no column under 64 px, its identifiers broken
// at `_`, `.` and case changes (`<wbr>`), in each of mdBook's five themes;
// on a phone (390 px) it scrolls sideways inside its own box, never the
// page. The measurements are printed and written to
// target/screenshots/wide-tables.json.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SCREENSHOTS, THEMES, buildExample, launchBrowser, serveDir, shoot } from './lib/harness.mjs';

/** The narrowest a column may be (about four characters and padding). */
const MIN_COLUMN = 64;

const WIDE = `

## Phone numbers {#wide-phones}

<<#field-map id="wide-phone-map" source="Entra ID" target="Workday" columns="Mapping guidance">>
businessPhones.primaryNumber -> WorkphoneLandlineCountryCodeNumber: text, required | The country code, without the plus sign. | Split the number with the country table first.
mobilePhone -> Phone_Device_Type_Reference_ID: text | Only mobile numbers. | Leave empty when the user has no mobile number.
= "Mobile" -> Phone_Device_Type_ID: text, when=the number is a mobile number | | Set by the connector.
employee.work_address.postal_code -> WorkAddressPostalCodeFormatted: text | Kept as written. | Workday validates it per country.
<</field-map>>
`;

let server;
let browser;
const measured = [];

before(async () => {
  const book = buildExample('wide-tables', {
    edit: (dir) => {
      const acme = path.join(dir, 'src/configuration/acme.md');
      fs.writeFileSync(acme, fs.readFileSync(acme, 'utf8') + WIDE);
    },
  });
  server = await serveDir(book);
  browser = await launchBrowser();
});

after(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOTS, 'wide-tables.json'), JSON.stringify(measured, null, 2) + '\n');
  await browser?.close();
  await server?.close();
});

/** The wide table's measurements in the page as it is shown now. */
function measure(page) {
  return page.evaluate(() => {
    const anchor = document.getElementById('wide-phone-map');
    const next = anchor.closest('p').nextElementSibling;
    const table = next.tagName === 'TABLE' ? next : next.querySelector('table');
    const wrapper = table.closest('.table-wrapper') ?? table.parentElement;
    const content = document.querySelector('main');
    const columns = [...table.querySelectorAll('thead th')].map((th) => ({
      header: th.textContent.trim(),
      width: Math.round(th.getBoundingClientRect().width),
    }));
    const doc = document.scrollingElement;
    return {
      content: Math.round(content.getBoundingClientRect().width),
      table: Math.round(table.getBoundingClientRect().width),
      wrapper: Math.round(wrapper.clientWidth),
      wrapperScroll: wrapper.scrollWidth,
      wrapperOverflow: getComputedStyle(wrapper).overflowX,
      pageScroll: doc.scrollWidth,
      viewport: window.innerWidth,
      columns,
      wbr: table.querySelectorAll('wbr').length,
    };
  });
}

async function open(page, theme) {
  await page.goto(`${server.url}configuration/acme.html`);
  await page.evaluate((t) => {
    localStorage.setItem('mdbook-theme', t);
  }, theme);
  await page.reload();
  await page.waitForFunction((t) => document.documentElement.classList.contains(t), theme);
  await page.locator('#wide-phone-map').scrollIntoViewIfNeeded();
}

for (const theme of THEMES) {
  test(`the wide field map fits the content column at 1280x900 (${theme})`, async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(page, theme);
    const m = await measure(page);
    measured.push({ theme, viewport: '1280x900', ...m });
    console.log(`1280x900 ${theme}: ${JSON.stringify(m)}`);
    assert.ok(m.wbr > 0, 'the long identifiers have break opportunities');
    assert.ok(m.table <= m.content, `the table (${m.table} px) is wider than the content column (${m.content} px)`);
    assert.ok(m.wrapperScroll <= m.wrapper + 1, `the table scrolls (${m.wrapperScroll} > ${m.wrapper})`);
    for (const c of m.columns) {
      assert.ok(c.width >= MIN_COLUMN, `column "${c.header}" is ${c.width} px, under ${MIN_COLUMN} px`);
    }
    await shoot(page, `wide-table-1280-${theme}`, page.locator('#wide-phone-map ~ *, p:has(#wide-phone-map) + *').first());
    await page.close();
  });

  test(`the wide field map scrolls in its own box on a phone (${theme})`, async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, theme);
    const m = await measure(page);
    measured.push({ theme, viewport: '390x844', ...m });
    console.log(`390x844 ${theme}: ${JSON.stringify(m)}`);
    assert.ok(m.pageScroll <= m.viewport, `the page scrolls sideways (${m.pageScroll} > ${m.viewport})`);
    assert.ok(['auto', 'scroll'].includes(m.wrapperOverflow), `the table's box does not scroll (${m.wrapperOverflow})`);
    assert.ok(m.wrapper <= m.viewport, `the table's box (${m.wrapper} px) is wider than the screen`);
    assert.ok(m.wrapperScroll > m.wrapper, 'the table is wider than a phone: its box scrolls');
    await page.close();
  });
}
