import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { SessionService } from '../../interaction/session/session.service';
import { UsersService } from '../../users/users.service';
import type { SecondFactorMethod } from './second-factor-method';

export interface SecondFactorPageState {
  userId: string;
  /** The signed-in session the page is for, when there is one: its user is not read again (SessionService.userOf). */
  session?: BrowserSession;
  methods: readonly SecondFactorMethod[];
  /** Where its forms post. */
  action: string;
  /** The CSRF token, in the forms' `csrf` field. */
  csrf: string;
  error?: string;
  status?: number;
}

/**
 * The page asking for a second factor (views/second-factor.hbs), the same in every sign-in:
 * one part per method the user may use, each drawn by views/partials/second-factor/<name>.hbs.
 */
@Injectable()
export class SecondFactorPage {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionService,
  ) {}

  async render(req: Request, res: Response, state: SecondFactorPageState): Promise<void> {
    const [user, data] = await Promise.all([
      state.session ? this.sessions.userOf(state.session) : this.users.findById(state.userId),
      Promise.all(state.methods.map((m) => m.pageData(req, state.userId))),
    ]);
    res.locals.userLocale = user?.locale;
    res
      .status(state.status ?? 200)
      .setHeader('Cache-Control', 'no-store')
      .render('second-factor', {
        title: 'Confirm it is you',
        username: user?.username,
        error: state.error,
        methods: state.methods.map((m, i) => ({
          name: m.name,
          action: state.action,
          csrf: state.csrf,
          data: data[i],
        })),
      });
  }
}
