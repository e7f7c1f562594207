import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface Activity {
  activeSessions: number;
  tokensIssuedLastDay: number;
}

/**
 * Counts for the dashboard. Sessions and tokens belong to the sign-in and token modules, which
 * offer no counts; like UserAccessRecords, the admin reads them in plain SQL, read-only.
 */
@Injectable()
export class ActivityCounts {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async current(): Promise<Activity> {
    const [row] = (await this.db.query(
      `SELECT (SELECT count(*) FROM sessions WHERE ended_at IS NULL AND expires_at > now())::int AS active_sessions,
              (SELECT count(*) FROM tokens WHERE created_at > now() - interval '24 hours')::int AS tokens_issued`,
    )) as { active_sessions: number; tokens_issued: number }[];
    return { activeSessions: row.active_sessions, tokensIssuedLastDay: row.tokens_issued };
  }
}
