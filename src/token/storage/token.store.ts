import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/prepared-statement';
import type { TokenKind } from '../entities/token.entity';

export interface NewTokenRow {
  tokenHash: string;
  kind: TokenKind;
  grantId: string | null;
  clientId: string;
  userId: string | null;
  scope: string[];
  expiresAt: Date;
}

const COLUMNS = 7;

/** Writes opaque tokens: every token of one response in a single INSERT, the hot path's only write. */
@Injectable()
export class TokenStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(rows: NewTokenRow[]): Promise<void> {
    if (rows.length === 0) return;
    const placeholders = rows.map(
      (_, r) => `(${Array.from({ length: COLUMNS }, (_, c) => `$${r * COLUMNS + c + 1}`)})`,
    );
    const values = rows.flatMap((t) => [t.tokenHash, t.kind, t.grantId, t.clientId, t.userId, t.scope, t.expiresAt]);
    // One statement per row count (1 or 2 in practice), each prepared once per connection.
    await preparedQuery(
      this.db,
      `token-insert-${rows.length}`,
      `INSERT INTO tokens (token_hash, kind, grant_id, client_id, user_id, scope, expires_at) VALUES ${placeholders.join(', ')}`,
      values,
    );
  }
}
