import type { Response } from 'express';
import type { ConsoleRequest } from '../auth/console-principal';
import { type Confirmation, isConfirmed } from './confirmation';
import type { ConsolePage, ConsoleView } from './console-view';

/**
 * A destructive action behind its confirmation page: a post that did not come from that page
 * shows it; one that did takes the action, then redirects (303) to `done`.
 */
export async function confirmThenRedirect(
  view: ConsoleView,
  req: ConsoleRequest,
  res: Response,
  body: unknown,
  confirmation: Confirmation & ConsolePage,
  act: () => Promise<unknown>,
  done: string,
): Promise<void> {
  if (!isConfirmed(body)) return view.render(req, res, 'confirm', confirmation);
  await act();
  res.redirect(303, done);
}
