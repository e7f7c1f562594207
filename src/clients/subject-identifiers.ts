import { createHmac, hkdfSync } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { Client } from './client.entity';
import { sectorOf, type SectorFields } from './sector-identifier';

// Its own HKDF purpose: the key of pairwise subjects is good for nothing else (see keys/key-encryption.ts).
const PURPOSE = 'oidc-server/pairwise-subject/v1';

export type SubjectClient = Pick<Client, 'clientId'> & SectorFields;

/**
 * The one place that decides the sub a client knows a user by (OIDC Core §8). Public clients
 * see the user's id. Pairwise clients see base64url(HMAC-SHA-256(key, sector NUL user id)), the
 * key derived by HKDF from KEY_ENCRYPTION_SECRET: stable for as long as that secret is, the same
 * for every client of one sector, and not reversible, so two sectors cannot match their users.
 * Nothing is stored and nothing is read: the client row is already at hand where a sub is made.
 */
@Injectable()
export class SubjectIdentifiers {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.keyEncryptionSecret, Buffer.alloc(0), PURPOSE, 32));
  }

  /** The sub `client` knows the user `userId` by. */
  of(client: SubjectClient, userId: string): string {
    const sector = this.sectorOf(client);
    return sector === null ? userId : createHmac('sha256', this.key).update(`${sector}\0${userId}`).digest('base64url');
  }

  /** Whether `sub` is how `client` knows the user `userId`. */
  isSubjectOf(client: SubjectClient, sub: string, userId: string): boolean {
    return this.of(client, userId) === sub;
  }

  /** Whether two clients know every user by the same sub: both public, or pairwise for one sector. */
  shareSubjects(a: SubjectClient, b: SubjectClient): boolean {
    return this.sectorOf(a) === this.sectorOf(b);
  }

  /** Null for a public client. */
  private sectorOf(client: SubjectClient): string | null {
    if (client.subjectType !== 'pairwise') return null;
    // Validation gives every pairwise client a sector; a row edited past it still never sees user
    // ids: its subjects are its own ("client:" cannot begin a host name).
    return sectorOf(client) ?? `client:${client.clientId}`;
  }
}
