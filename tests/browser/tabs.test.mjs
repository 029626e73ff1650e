// The request forms' tabs (api-example, auth-flow) in book-example, which
// shows all five clients: WAI-ARIA roles, one form at a time, a choice
// that switches every request on the page and is remembered on other
// pages and after a reload, the keyboard, the five themes, a phone; every
// form under its name without JavaScript and on the print page.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { THEMES, buildExample, launchBrowser, serveDir, watchProblems } from './lib/harness.mjs';

const NAMES = ['curl', 'HTTP', 'Python', 'JavaScript', 'HTTPie'];
let server;
let browser;

before(async () => {
  server = await serveDir(buildExample('tabs'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Each tab set on the page: its tab names, the selected one, and which
 *  panels show. */
async function state(page) {
  return page.$$eval('.ig-forms', (boxes) =>
    boxes.map((box) => {
      const tabs = [...box.querySelectorAll('[role="tablist"] > [role="tab"]')];
      const panels = [...box.querySelectorAll(':scope > .ig-form')];
      return {
        names: tabs.map((t) => t.textContent),
        selected: tabs.filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.textContent),
        shown: panels.filter((p) => p.getBoundingClientRect().height > 0).map((p) => p.dataset.igClient),
        labelsShown: [...box.querySelectorAll('.ig-form-label')].filter((l) => l.getBoundingClientRect().height > 0).length,
      };
    }),
  );
}

describe('request tabs', () => {
  test('roles, one form at a time, synced on the page, remembered across pages and reloads, keyboard', async () => {
    const page = await browser.context.newPage();
    const problems = watchProblems(page);
    await page.goto(new URL('validation.html', server.url).href);
    let sets = await state(page);
    assert.ok(sets.length >= 2, `tab sets on validation.html: ${sets.length}`);
    for (const s of sets) {
      assert.deepEqual(s.names, NAMES);
      assert.deepEqual(s.selected, ['curl']);
      assert.deepEqual(s.shown, ['curl']);
      assert.equal(s.labelsShown, 0);
    }
    // Each tab controls its panel, which is labelled by it.
    const linked = await page.$$eval('[role="tab"]', (tabs) =>
      tabs.every((t) => {
        const p = document.getElementById(t.getAttribute('aria-controls'));
        return p && p.getAttribute('role') === 'tabpanel' && p.getAttribute('aria-labelledby') === t.id;
      }),
    );
    assert.ok(linked, 'aria-controls / aria-labelledby');

    // A click in the first set switches every set.
    await page.locator('.ig-forms').first().getByRole('tab', { name: 'Python' }).click();
    sets = await state(page);
    for (const s of sets) {
      assert.deepEqual(s.selected, ['Python']);
      assert.deepEqual(s.shown, ['python']);
    }
    // Keyboard in the last set: arrows, Home, End; the focus follows.
    const last = page.locator('.ig-forms').last();
    await last.getByRole('tab', { name: 'Python' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.deepEqual((await state(page)).map((s) => s.selected[0]), sets.map(() => 'JavaScript'));
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'JavaScript');
    await page.keyboard.press('Home');
    assert.equal((await state(page))[0].selected[0], 'curl');
    await page.keyboard.press('ArrowLeft');
    assert.equal((await state(page))[0].selected[0], 'HTTPie');
    await page.keyboard.press('End');
    assert.equal((await state(page))[0].selected[0], 'HTTPie');
    // Only the selected tab is in the tab order.
    const tabbable = await last.locator('[role="tab"][tabindex="0"]').allTextContents();
    assert.deepEqual(tabbable, ['HTTPie']);

    // Remembered after a reload and on another page.
    await page.reload();
    assert.ok((await state(page)).every((s) => s.selected[0] === 'HTTPie' && s.shown[0] === 'httpie'));
    await page.goto(new URL('architecture.html', server.url).href);
    const arch = await state(page);
    assert.ok(arch.length >= 1, 'the auth-flow token request has tabs');
    assert.ok(arch.every((s) => s.selected[0] === 'HTTPie'), JSON.stringify(arch));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('five themes and a phone: readable tabs, nothing wider than the screen', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(new URL('validation.html', server.url).href);
    for (const theme of THEMES) {
      await page.evaluate((t) => {
        localStorage.setItem('mdbook-theme', t);
      }, theme);
      await page.reload();
      await page.waitForFunction((t) => document.documentElement.classList.contains(t), theme);
      const m = await page.evaluate(() => {
        const tab = document.querySelector('.ig-tab[aria-selected="true"]');
        const list = tab.parentElement;
        const cs = getComputedStyle(tab);
        const r = list.getBoundingClientRect();
        return {
          color: cs.color,
          background: getComputedStyle(document.body).backgroundColor,
          tabBackground: cs.backgroundColor,
          right: r.right,
          width: document.documentElement.clientWidth,
          pageScroll: document.documentElement.scrollWidth,
          height: tab.getBoundingClientRect().height,
        };
      });
      assert.notEqual(m.color, m.background, `${theme}: tab text colour`);
      assert.ok(m.right <= m.width, `${theme}: the tab list fits a phone (${m.right} > ${m.width})`);
      assert.ok(m.pageScroll <= m.width, `${theme}: the page does not scroll sideways`);
      assert.ok(m.height >= 24, `${theme}: a tab is a touch target (${m.height}px)`);
    }
    await page.evaluate(() => localStorage.setItem('mdbook-theme', 'light'));
    await page.close();
  });

  test('without JavaScript and on the print page every form shows under its name', async () => {
    const noJs = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await noJs.context.newPage();
      await page.goto(new URL('validation.html', server.url).href);
      for (const s of await state(page)) {
        assert.deepEqual(s.names, []);
        assert.deepEqual(s.shown, ['curl', 'http', 'python', 'javascript', 'httpie']);
        assert.equal(s.labelsShown, 5);
      }
    } finally {
      await noJs.close();
    }
    const page = await browser.context.newPage();
    await page.goto(new URL('print.html', server.url).href);
    const sets = await state(page);
    assert.ok(sets.length >= 3, `print.html tab sets: ${sets.length}`);
    for (const s of sets) {
      assert.deepEqual(s.names, [], 'no tabs on the print page');
      assert.equal(s.shown.length, 5);
      assert.equal(s.labelsShown, 5);
    }
    // And printed from a page with tabs: every form.
    await page.goto(new URL('validation.html', server.url).href);
    await page.emulateMedia({ media: 'print' });
    for (const s of await state(page)) {
      assert.equal(s.shown.length, 5);
      assert.equal(s.labelsShown, 5);
    }
    await page.close();
  });
});
