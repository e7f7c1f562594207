import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, MoreThan, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DeviceCode } from './device-code.entity';
import type { DevicePoll } from './device-poll';

export type NewDeviceCode = Pick<
  DeviceCode,
  'deviceCodeHash' | 'userCode' | 'clientId' | 'scope' | 'resources' | 'intervalSeconds' | 'expiresAt'
>;

/** The user's yes: who, from which session and sign-in, and the grant the tokens will belong to. */
export type DeviceApproval = Pick<DeviceCode, 'userId' | 'sessionId' | 'authTime' | 'amr' | 'grantId'>;

interface PollRow {
  status: DevicePoll['status'];
  expired: boolean;
  too_fast: boolean;
  interval_seconds: number;
  scope: string[];
  user_id: string | null;
  grant_id: string | null;
}

/**
 * Device codes in Postgres, so the device may poll any replica and the user may approve on any.
 * Every change of state is one conditional UPDATE, so racing requests cannot both win.
 */
@Injectable()
export class DeviceCodeStore {
  constructor(
    @InjectRepository(DeviceCode) private readonly codes: Repository<DeviceCode>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Fails with a unique violation of device_codes_user_code_key when the user code is taken. */
  async insert(code: NewDeviceCode): Promise<void> {
    await this.codes.insert({ ...code, status: 'pending' } as QueryDeepPartialEntity<DeviceCode>);
  }

  /** The code the user typed, while it still waits for an answer. */
  findPending(userCode: string): Promise<DeviceCode | null> {
    return this.codes.findOneBy({ userCode, status: 'pending', expiresAt: MoreThan(new Date()) });
  }

  /** False when the code was answered meanwhile or has expired. */
  async approve(deviceCodeHash: string, approval: DeviceApproval): Promise<boolean> {
    return this.answer(deviceCodeHash, { status: 'approved', ...approval });
  }

  async deny(deviceCodeHash: string): Promise<boolean> {
    return this.answer(deviceCodeHash, { status: 'denied' });
  }

  /**
   * One poll of the token endpoint by `clientId` (RFC 8628 §3.4), in one statement: records the
   * poll, raises the interval by 5 seconds when it came too fast (§3.5 slow_down), and consumes
   * an approved, unexpired code. The row lock serialises concurrent polls on every replica, so
   * exactly one of them finds the code approved. Null for an unknown code or another client's.
   */
  async poll(deviceCodeHash: string, clientId: string): Promise<DevicePoll | null> {
    // IS NOT DISTINCT FROM: found by the primary key, never device_codes_client_id_idx (see refresh-token.store.ts).
    const [rows] = (await this.db.query(
      `WITH found AS (
         SELECT device_code_hash, status, expires_at <= now() AS expired, interval_seconds,
                coalesce(last_polled_at > now() - make_interval(secs => interval_seconds), false) AS too_fast
           FROM device_codes WHERE device_code_hash = $1 AND client_id IS NOT DISTINCT FROM $2
            FOR UPDATE)
       UPDATE device_codes d SET
         last_polled_at = now(),
         status = CASE WHEN f.status = 'approved' AND NOT f.expired THEN 'consumed' ELSE f.status END,
         interval_seconds = CASE WHEN f.status = 'pending' AND NOT f.expired AND f.too_fast
                                 THEN f.interval_seconds + 5 ELSE f.interval_seconds END
         FROM found f
        WHERE d.device_code_hash = f.device_code_hash
       RETURNING f.status, f.expired, f.too_fast, d.interval_seconds, d.scope, d.user_id, d.grant_id`,
      [deviceCodeHash, clientId],
    )) as [PollRow[], number];
    const row = rows[0];
    if (!row) return null;
    return {
      status: row.status,
      expired: row.expired,
      tooFast: row.too_fast,
      intervalSeconds: row.interval_seconds,
      scope: row.scope,
      userId: row.user_id,
      grantId: row.grant_id,
    };
  }

  private async answer(deviceCodeHash: string, fields: QueryDeepPartialEntity<DeviceCode>): Promise<boolean> {
    const result = await this.codes.update(
      { deviceCodeHash, status: 'pending', expiresAt: MoreThan(new Date()) },
      fields,
    );
    return result.affected === 1;
  }
}
