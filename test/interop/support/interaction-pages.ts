import type { Page } from 'playwright-core';
import { PASSWORD } from '../../support/browser-sign-in';

const INTERACTION_PAGE = /\/interaction\/[^/]+\/(login|consent)$/;

export type InteractionStep = 'login' | 'consent';

/**
 * Finishes a sign-in the relying party started: on this server's login and consent pages, signs
 * in as `login` and allows, until the browser leaves them for a page `back` accepts (the RP's).
 * Returns the pages it went through, in order.
 */
export async function completeSignIn(
  page: Page,
  back: (url: URL) => boolean,
  login = 'alice',
): Promise<InteractionStep[]> {
  const steps: InteractionStep[] = [];
  const reached = () => page.waitForURL((u) => back(u) || INTERACTION_PAGE.test(u.pathname));
  await reached();
  for (let step = stepOf(page); step; step = stepOf(page)) {
    steps.push(step);
    const here = page.url();
    const leave = page.waitForURL((u) => u.href !== here);
    if (step === 'login') {
      await page.getByLabel('Username or email').fill(login);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    } else {
      await page.getByRole('button', { name: 'Allow' }).click();
    }
    await leave;
    await reached();
  }
  return steps;
}

function stepOf(page: Page): InteractionStep | undefined {
  return INTERACTION_PAGE.exec(new URL(page.url()).pathname)?.[1] as InteractionStep | undefined;
}

/**
 * Finishes an RP-initiated logout the relying party started: confirms on this server's page
 * when it asks, until the browser reaches `back`, the RP's post-logout page. The signed-out page
 * that loads front-channel logout frames (an RP registered a frontchannel_logout_uri) goes on by itself.
 */
export async function completeSignOut(page: Page, issuer: string, back: string): Promise<void> {
  await page.waitForURL((u) => u.href.startsWith(back) || u.origin === issuer);
  if (page.url().startsWith(back)) return;
  const confirm = page.getByRole('button', { name: 'Yes, sign out' });
  const arrived = page.waitForURL((u) => u.href.startsWith(back));
  await Promise.race([confirm.waitFor().then(() => confirm.click()), arrived]);
  await arrived;
}
