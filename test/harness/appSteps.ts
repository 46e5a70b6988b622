import type { Page } from 'playwright-core';

/** Clicks the development account whose button names `sub` on the sign-in page that is open. */
export async function chooseAccount(page: Page, sub: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`\\b${sub}$`) }).click();
  await page.getByText(/Aangemeld als/).waitFor();
}

/** Signs in on `/aanmelden` with the development account whose button names `sub`, and waits for its start page. */
export async function signInAs(page: Page, origin: string, sub: string): Promise<void> {
  await page.goto(`${origin}/aanmelden`);
  await chooseAccount(page, sub);
}

/** The text a person reads in the main content. */
export async function mainText(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

/** What has keyboard focus: its tag, text or label, and whether a focus ring shows. */
export interface Focused {
  tag: string;
  text: string;
  visibleRing: boolean;
}

/** Runs in the page (a string: the test code has no DOM types). */
const FOCUSED = `(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return { tag: 'BODY', text: '', visibleRing: false };
  const style = getComputedStyle(element);
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  return { tag: element.tagName, text: (element.getAttribute('aria-label') || element.innerText || '').trim(), visibleRing: ring };
})()`;

export async function focused(page: Page): Promise<Focused> {
  return page.evaluate<Focused>(FOCUSED);
}

/** Runs `expression` in the page and returns its (JSON) value. */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate<T>(expression);
}

/**
 * Presses Tab (or Shift+Tab) until the focused element's text matches, at most `limit`
 * times; returns every element passed on the way, so a test can check each showed a ring.
 */
export async function tabUntil(page: Page, text: RegExp, options: { backwards?: boolean; limit?: number } = {}): Promise<Focused[]> {
  const passed: Focused[] = [];
  for (let i = 0; i < (options.limit ?? 40); i += 1) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    passed.push(now);
    if (text.test(now.text)) return passed;
  }
  throw new Error(`No element matching ${text} within ${options.limit ?? 40} presses; passed: ${passed.map((f) => `${f.tag} "${f.text}"`).join(', ')}`);
}

/**
 * Waits until `expression` is true in the page, asking every 50 ms for at most `timeoutMs`.
 * Not `page.waitForFunction`: with a string it polls through the page's own `eval`, which
 * the apps' Content Security Policy forbids (no 'unsafe-eval'); `page.evaluate` goes through
 * the DevTools protocol instead.
 */
export async function waitUntilTrue(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
    if (Date.now() > deadline) throw new Error(`Still false after ${timeoutMs} ms: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
