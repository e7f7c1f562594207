import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Finds, in the caller's transaction, up to `limit` holders (by id) that may still ask for `scope`. */
export type ScopeHolderLookup = (scope: string, limit: number, manager: EntityManager) => Promise<string[]>;

/** The holders of a scope, as their kind names them in the refusal ("clients"). */
export interface ScopeHolders {
  kind: string;
  ids: string[];
}

/**
 * Who may still ask for a scope, so that deleting it can be refused. Other modules' rows name
 * scopes (clients' allowed and default scopes); each such owner registers its lookup at start
 * (ClientScopeReferences), so the scopes module reads no table of theirs and imports none of them.
 */
@Injectable()
export class ScopeReferences {
  private readonly lookups: { kind: string; find: ScopeHolderLookup }[] = [];

  register(kind: string, find: ScopeHolderLookup): void {
    this.lookups.push({ kind, find });
  }

  /** The first kind of holder found, with up to `limit` of its ids; null when nothing holds the scope. */
  async holdersOf(scope: string, limit: number, manager: EntityManager): Promise<ScopeHolders | null> {
    for (const { kind, find } of this.lookups) {
      const ids = await find(scope, limit, manager);
      if (ids.length > 0) return { kind, ids };
    }
    return null;
  }
}
