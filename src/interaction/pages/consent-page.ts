import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Client } from '../../clients/client.entity';
import { ScopesService } from '../../scopes/scopes.service';
import { UsersService } from '../../users/users.service';
import { claimLabel } from '../consent/claim-labels';
import { consentClient } from '../consent/consent-client';
import type { BrowserSession } from '../session/browser-session.entity';

/** What the user is asked to allow, and how the form is bound. */
export interface ConsentQuestion {
  client: Client;
  session: BrowserSession;
  scope: readonly string[];
  /** OIDC Core §5.5: claims asked for by name, consented to beside the scopes. */
  claims?: readonly string[];
  /** RFC 8628 §5.4: say that a device is being signed in, so a phished user may notice. */
  device?: boolean;
  /** The page's language from the request's ui_locales, else the user's locale (common/i18n/language-locals.ts). */
  language?: { uiLocales?: readonly string[] };
  csrf: string;
}

/** The one consent page of every flow (views/consent.hbs). */
@Injectable()
export class ConsentPage {
  constructor(
    private readonly users: UsersService,
    private readonly scopes: ScopesService,
  ) {}

  async render(res: Response, question: ConsentQuestion): Promise<void> {
    const { client, session, scope } = question;
    const [user, scopes] = await Promise.all([
      this.users.findById(session.userId),
      this.scopes.findByNames([...scope]),
    ]);
    const descriptions = new Map(scopes.map((s) => [s.name, s.description]));
    if (question.language) {
      res.locals.uiLocales = question.language.uiLocales?.join(' ');
      res.locals.userLocale = user?.locale;
    }
    res.render('consent', {
      title: 'Allow {client}?',
      // RFC 7591 §5, RFC 8628 §5.4: who is asking, marked unverified when it named itself.
      ...consentClient(client),
      username: user?.username,
      device: question.device,
      scopes: scope.map((name) => ({ name, description: descriptions.get(name) ?? name })),
      claims: (question.claims ?? []).map(claimLabel),
      csrf: question.csrf,
    });
  }
}
