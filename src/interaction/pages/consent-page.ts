import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Client } from '../../clients/client.entity';
import { ApiResourcesService } from '../../scopes/api-resources/api-resources.service';
import { ScopesService } from '../../scopes/scopes.service';
import { claimLabel } from '../consent/claim-labels';
import { consentClient } from '../consent/consent-client';
import type { BrowserSession } from '../session/browser-session.entity';
import { SessionService } from '../session/session.service';

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
    private readonly sessions: SessionService,
    private readonly scopes: ScopesService,
    private readonly resources: ApiResourcesService,
  ) {}

  async render(res: Response, question: ConsentQuestion): Promise<void> {
    const { client, session, scope } = question;
    const [user, scopes, catalogue] = await Promise.all([
      this.sessions.userOf(session),
      this.scopes.findByNames([...scope]),
      this.resources.catalogue(),
    ]);
    const descriptions = new Map(scopes.map((s) => [s.name, s.description]));
    const described = (name: string) => ({ name, description: descriptions.get(name) ?? name });
    // The scopes of each API resource under its name; those of none (openid, profile, ...) first.
    const resources = new Map<string, { displayName: string; scopes: { name: string; description: string }[] }>();
    const own: { name: string; description: string }[] = [];
    for (const name of scope) {
      const resource = catalogue.resourceOf(name);
      if (!resource) {
        own.push(described(name));
        continue;
      }
      const group = resources.get(resource.identifier) ?? { displayName: resource.displayName, scopes: [] };
      group.scopes.push(described(name));
      resources.set(resource.identifier, group);
    }
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
      scopes: own,
      resources: [...resources.values()],
      claims: (question.claims ?? []).map(claimLabel),
      csrf: question.csrf,
    });
  }
}
