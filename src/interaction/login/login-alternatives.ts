import { Injectable } from '@nestjs/common';
import type { PendingInteraction } from '../pending-interaction';

/** One more way to sign in on the login page: a button that posts the page's CSRF token to `action`. */
export interface LoginAlternative {
  label: string;
  action: string;
}

export interface LoginAlternativeSource {
  alternativesFor(interaction: PendingInteraction): Promise<LoginAlternative[]>;
}

/**
 * The other ways to sign in the login page offers (upstream identity providers). Modules that
 * offer one register here, so this module needs no import of theirs and no cycle arises.
 */
@Injectable()
export class LoginAlternatives {
  private readonly sources: LoginAlternativeSource[] = [];

  register(source: LoginAlternativeSource): void {
    this.sources.push(source);
  }

  async for(interaction: PendingInteraction): Promise<LoginAlternative[]> {
    const lists = await Promise.all(this.sources.map((s) => s.alternativesFor(interaction)));
    return lists.flat();
  }
}
