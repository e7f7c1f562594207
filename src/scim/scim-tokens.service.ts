import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ScimError } from './scim-error';
import { ScimToken, type ScimAccess, type ScimDeleteMode } from './scim-token.entity';

const PREFIX = 'scim_';
const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

/** Issues, lists, revokes and checks the provisioning clients' bearer tokens. */
@Injectable()
export class ScimTokensService {
  constructor(@InjectRepository(ScimToken) private readonly tokens: Repository<ScimToken>) {}

  /** A new token: the value is returned once and only its hash is kept. */
  async issue(
    name: string,
    access: ScimAccess,
    onDelete: ScimDeleteMode,
  ): Promise<{ token: ScimToken; value: string }> {
    const value = `${PREFIX}${randomBytes(32).toString('base64url')}`;
    const token = await this.tokens.save(this.tokens.create({ name, access, onDelete, tokenHash: hashOf(value) }));
    return { token, value };
  }

  list(): Promise<ScimToken[]> {
    return this.tokens.find({ order: { createdAt: 'DESC' } });
  }

  /** Idempotent; false when there is no such token. */
  async revoke(id: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
    const token = await this.tokens.findOneBy({ id });
    if (!token) return false;
    if (!token.revokedAt) await this.tokens.update({ id }, { revokedAt: new Date() });
    return true;
  }

  /**
   * The live token presented, or 401. The lookup is by the hash of the value (a unique index), so
   * no comparison of secrets happens in this process.
   */
  async verify(value: string | undefined): Promise<ScimToken> {
    const token =
      value && value.startsWith(PREFIX) && value.length < 200
        ? await this.tokens.findOneBy({ tokenHash: hashOf(value), revokedAt: IsNull() })
        : null;
    if (!token) throw new ScimError(401, 'a valid SCIM bearer token is required');
    // Coarse: at most one write a minute per token.
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000)
      await this.tokens.update({ id: token.id }, { lastUsedAt: new Date() });
    return token;
  }
}
