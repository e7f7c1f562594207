import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import { AdminConfig } from '../../config/admin.config';
import { violatedUniqueConstraint } from '../../database/postgres-errors';
import { AdminError, AdminErrorCode } from '../admin.error';
import { AdminCredential, AdminCredentialOrigin } from './admin-credential.entity';
import { generateAdminToken, hashAdminToken, sameDigest } from './admin-token';

/** A credential as just made: the token is shown here once and never stored. */
export interface IssuedAdminCredential {
  credential: AdminCredential;
  token: string;
}

const ONE_SETUP_INDEX = 'admin_credentials_one_setup_key';
// last_used_at is a hint for operators, not a log: one write per minute per credential is plenty.
const LAST_USED_RESOLUTION = '1 minute';

@Injectable()
export class AdminCredentialStore implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminCredentials');

  constructor(
    @InjectRepository(AdminCredential) private readonly credentials: Repository<AdminCredential>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AdminConfig,
  ) {}

  /**
   * ADMIN_TOKEN (a Kubernetes Secret) becomes a credential at start. An existing row is left
   * as it is: a token revoked through the API stays revoked after a restart, so replace the
   * Secret to change it. Replicas starting together insert it once (unique hash).
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.token) return;
    await this.db.query(
      `INSERT INTO admin_credentials (name, token_hash, origin) VALUES ('ADMIN_TOKEN', $1, 'environment')
       ON CONFLICT (token_hash) DO NOTHING`,
      [hashAdminToken(this.config.token)],
    );
  }

  /**
   * First-run setup is open until the first credential exists, and then closed for good, even
   * if every credential is later revoked (the CLI makes a new one): a revoked token must not
   * reopen an unauthenticated way in. ADMIN_TOKEN closes it from the start.
   */
  async isSetupOpen(): Promise<boolean> {
    if (this.config.token) return false;
    return !(await this.credentials.exists());
  }

  /** The first credential. Of concurrent calls, on any replica, exactly one succeeds. */
  async completeSetup(): Promise<IssuedAdminCredential> {
    if (!(await this.isSetupOpen())) throw setupClosed();
    const token = generateAdminToken();
    try {
      const rows = (await this.db.query(
        `INSERT INTO admin_credentials (name, token_hash, origin)
         SELECT 'first-run setup', $1, 'setup' WHERE NOT EXISTS (SELECT 1 FROM admin_credentials)
         RETURNING id`,
        [hashAdminToken(token)],
      )) as { id: string }[];
      if (rows.length === 0) throw setupClosed();
      return { credential: (await this.credentials.findOneBy({ id: rows[0].id }))!, token };
    } catch (error) {
      if (violatedUniqueConstraint(error) === ONE_SETUP_INDEX) throw setupClosed();
      throw error;
    }
  }

  /** The active credential this token is, or null. */
  async authenticate(token: string): Promise<AdminCredential | null> {
    const hash = hashAdminToken(token);
    const found = await this.credentials.findOneBy({ tokenHash: hash, revokedAt: IsNull() });
    if (!found || !sameDigest(found.tokenHash, hash)) return null;
    await this.touch(found.id);
    return found;
  }

  /** The credential, unless revoked: admin console sessions end with the credential they began with. */
  findActive(id: string): Promise<AdminCredential | null> {
    return isUUID(id) ? this.credentials.findOneBy({ id, revokedAt: IsNull() }) : Promise.resolve(null);
  }

  list(): Promise<AdminCredential[]> {
    return this.credentials.find({ order: { createdAt: 'ASC' } });
  }

  async create(name: string, origin: AdminCredentialOrigin): Promise<IssuedAdminCredential> {
    return this.db.transaction((tx) => this.insert(tx.getRepository(AdminCredential), name, origin));
  }

  /** A new credential replaces `id` in one transaction: there is never a moment with neither. */
  async rotate(id: string, origin: AdminCredentialOrigin): Promise<IssuedAdminCredential> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(AdminCredential);
      const current = isUUID(id) ? await repo.findOneBy({ id, revokedAt: IsNull() }) : null;
      if (!current) throw notFound(id);
      await repo.update({ id }, { revokedAt: new Date() });
      return this.insert(repo, current.name, origin);
    });
  }

  /** A new credential, and every other one revoked, in one transaction: for a lost or leaked token. */
  async replaceAll(name: string, origin: AdminCredentialOrigin): Promise<IssuedAdminCredential & { revoked: number }> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(AdminCredential);
      const { affected } = await repo.update({ revokedAt: IsNull() }, { revokedAt: new Date() });
      return { ...(await this.insert(repo, name, origin)), revoked: affected ?? 0 };
    });
  }

  async revoke(id: string): Promise<void> {
    const result = isUUID(id)
      ? await this.credentials.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() })
      : { affected: 0 };
    if (!result.affected) throw notFound(id);
  }

  private async insert(
    repo: Repository<AdminCredential>,
    name: string,
    origin: AdminCredentialOrigin,
  ): Promise<IssuedAdminCredential> {
    const token = generateAdminToken();
    const credential = await repo.save(repo.create({ name, origin, tokenHash: hashAdminToken(token) }));
    return { credential, token };
  }

  private async touch(id: string): Promise<void> {
    try {
      await this.db.query(
        `UPDATE admin_credentials SET last_used_at = now()
         WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '${LAST_USED_RESOLUTION}')`,
        [id],
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not record when an admin credential was last used');
    }
  }
}

const setupClosed = () => new AdminError(AdminErrorCode.SetupClosed, 'first-run setup is already done');
const notFound = (id: string) => new AdminError(AdminErrorCode.CredentialNotFound, `no active admin credential ${id}`);
