// The public status page in a real browser (Debian's Chromium), as visitors see it: the banner, a day's popup
// opened by hovering, by keyboard focus and by a tap on a phone — with no script on the page — the dark theme
// following the system, and a 360 px phone screen without sideways scrolling. Screenshots go to test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { COMPONENT_STATES, OVERALL_STATES } from '../../src-shared/schemas/public-status.ts';
import { component, days, FIXTURE_NOW, fixturePage, fixtureSource } from '../support/status-fixture.ts';

let browser: Browser;
let server: TestServer;
const OUT = 'test-results';

before(async () => {
  mkdirSync(OUT, { recursive: true });
  // A component added 12 days ago has 12 days of history: all of them show, on a phone too.
  const young = fixturePage({ slug: 'young', groups: [{ name: null, components: [component('new', 'New service', { days: days(() => 1).slice(-12) })] }] });
  // One page per overall state, each with a component in every state, for the contrast of words on colour.
  const byState = OVERALL_STATES.map((overall) => fixturePage({
    slug: `all-${overall}`, overall, groups: [{ name: null, components: COMPONENT_STATES.map((state) => component(state, state, { state })) }],
  }));
  server = await startServer({ statusSource: fixtureSource(fixturePage(), young, ...byState), clock: new FakeClock(FIXTURE_NOW) });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(opts: { colorScheme: 'light' | 'dark'; viewport: { width: number; height: number }; touch?: boolean; slug?: string }): Promise<Page> {
  const context = await browser.newContext({
    colorScheme: opts.colorScheme, viewport: opts.viewport, javaScriptEnabled: false,
    ...(opts.touch ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
  });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const res = await page.goto(`${server.baseUrl}/status/${opts.slug ?? 'acme'}`);
  assert.equal(res?.status(), 200);
  return page;
}

/** The popup of the API's bar for today (the last one), and its width on screen. */
const todayBar = (page: Page) => page.locator('#c-api .bars li').last();
const popupWidth = async (page: Page) => (await todayBar(page).locator('span').boundingBox())?.width ?? 0;
const bodyBackground = (page: Page) => page.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);

test('light, desktop: the banner, the incident, and a day\'s popup on hover and on keyboard focus, with scripts off', async () => {
  const page = await open({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
  try {
    assert.equal(await page.getByRole('status').innerText(), 'Partial outage');
    assert.ok(await page.getByRole('heading', { name: 'API Latency Issues' }).isVisible());
    assert.equal(await bodyBackground(page), 'rgb(246, 247, 249)');
    assert.ok(await popupWidth(page) <= 1, 'the popup is closed at first');
    await todayBar(page).hover();
    assert.ok(await popupWidth(page) > 200, 'hovering opens it');
    assert.match(await todayBar(page).locator('span').innerText(), /^30 Nov 2026 · 93\.00% uptime · 1 incident: API Latency Issues$/);
    await page.mouse.move(0, 0);
    assert.ok(await popupWidth(page) <= 1, 'moving away closes it');
    await todayBar(page).focus();
    assert.ok(await popupWidth(page) > 200, 'keyboard focus opens it');
    await page.screenshot({ path: `${OUT}/status-page-light.png`, fullPage: true });

    // Tab from the top stops at the days worth a look (an incident or less than full uptime), not at all 270 bars.
    await page.locator('h1').click();
    const stops: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({ tag: document.activeElement?.tagName, text: (document.activeElement as HTMLElement | null)?.innerText ?? '' }));
      if (focused.tag === 'A') break; // the feeds in the footer: past every bar
      if (focused.tag === 'LI') stops.push(focused.text);
    }
    assert.deepEqual(stops, [
      '1 Nov 2026 · 99.50% uptime · No incidents',
      '30 Nov 2026 · 93.00% uptime · 1 incident: API Latency Issues',
      '20 Nov 2026 · 98.00% uptime · 1 incident: Sign-in failures',
    ]);
  } finally {
    await page.context().close();
  }
});

test('dark: the page follows the system\'s dark theme', async () => {
  const page = await open({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
  try {
    assert.equal(await bodyBackground(page), 'rgb(15, 18, 22)');
    assert.equal(await page.getByRole('status').innerText(), 'Partial outage');
    await page.screenshot({ path: `${OUT}/status-page-dark.png`, fullPage: true });
  } finally {
    await page.context().close();
  }
});

test('phone, 360×740: 30 days of bars, a tap opens a day\'s popup, nothing scrolls sideways', async () => {
  const page = await open({ colorScheme: 'light', viewport: { width: 360, height: 740 }, touch: true });
  try {
    const noSideways = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    assert.ok(await noSideways(), 'no horizontal scroll at 360 px');
    const shown = await page.locator('#c-api .bars li').evaluateAll((bars) => bars.filter((b) => getComputedStyle(b).display !== 'none').length);
    assert.equal(shown, 30);
    assert.equal(await page.locator('#c-api .legend .l30').innerText(), '30 days ago');
    await page.screenshot({ path: `${OUT}/status-page-phone.png`, fullPage: true });
    await todayBar(page).tap();
    const width = await popupWidth(page);
    assert.ok(width > 250 && width <= 360, `the tapped day's popup spans the row (${width}px)`);
    assert.match(await todayBar(page).locator('span').innerText(), /93\.00% uptime/);
    assert.ok(await noSideways(), 'the open popup does not overflow the screen');
    // A day without news opens on a tap too (it is only left out of the Tab order).
    await page.locator('#c-web .bars li').nth(70).tap();
    assert.match(await page.locator('#c-web .bars li').nth(70).locator('span').innerText(), /^\d+ Nov 2026 · 100\.00% uptime · No incidents$/);
    assert.ok(await page.locator('#c-web .bars li').nth(70).locator('span').evaluate((s) => s.getBoundingClientRect().width > 250));
    await page.screenshot({ path: `${OUT}/status-page-phone-tap.png` });
  } finally {
    await page.context().close();
  }
});

test('phone: a component with less than 30 days of history shows every day it has', async () => {
  const page = await open({ colorScheme: 'light', viewport: { width: 360, height: 740 }, touch: true, slug: 'young' });
  try {
    const shown = await page.locator('#c-new .bars li').evaluateAll((bars) => bars.filter((b) => getComputedStyle(b).display !== 'none').length);
    assert.equal(shown, 12);
    assert.equal(await page.locator('#c-new .legend .l30').innerText(), '12 days ago');
  } finally {
    await page.context().close();
  }
});

/** WCAG contrast ratio of an element's text colour against the background behind it (the element's or its card's). */
const contrasts = (page: Page, selector: string) => page.locator(selector).evaluateAll((els) => els.map((el) => {
  const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const lum = (c: string) => {
    const [r, g, b] = rgb(c).map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  let bgEl: Element | null = el;
  while (bgEl && getComputedStyle(bgEl).backgroundColor === 'rgba(0, 0, 0, 0)') bgEl = bgEl.parentElement;
  const [a, b] = [lum(getComputedStyle(el).color), lum(getComputedStyle(bgEl ?? document.body).backgroundColor)];
  return { text: (el as HTMLElement).innerText, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
}));

test('words on colour stay readable: every banner, and every state in light and dark, at 4.5:1 or more', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const overall of OVERALL_STATES) {
      const page = await open({ colorScheme, viewport: { width: 1280, height: 900 }, slug: `all-${overall}` });
      try {
        for (const { text, ratio } of [...await contrasts(page, '.banner'), ...await contrasts(page, '.state')]) {
          assert.ok(ratio >= 4.5, `${colorScheme}, ${overall} page: "${text}" has contrast ${ratio.toFixed(2)}`);
        }
      } finally {
        await page.context().close();
      }
    }
  }
});
