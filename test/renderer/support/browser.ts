// Debian's Chromium driven by playwright-core (never a downloaded browser), signed in to a host the way a person
// is: through a one-time `klaxon open` link.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createLoginLink } from '../../../src-main/cli/open.ts';

export const CHROMIUM_PATH = process.env.KLAXON_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 60_000,
  });
}

export interface SignedInPage { context: BrowserContext; page: Page }

/** A fresh browser profile, signed in with a `klaxon open` link, showing the window. */
export async function openSignedIn(browser: Browser, host: { baseUrl: string; dataDir: string }, opts: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number }; timezoneId?: string } = {}): Promise<SignedInPage> {
  const context = await browser.newContext({
    baseURL: host.baseUrl,
    colorScheme: opts.colorScheme ?? 'light',
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
  });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await page.goto(createLoginLink(host.dataDir, host.baseUrl));
  // The link redirects to the window, which shows the queue once the first page of incidents is in.
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
  return { context, page };
}
