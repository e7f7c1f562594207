import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { TtlCache } from '../common/cache/ttl-cache';
import { AppConfig } from '../config/app-config';
import { violatedUniqueConstraint } from '../database/postgres-errors';
import { SigningKeyService } from '../keys/signing-key.service';
import { Client } from './client.entity';
import {
  clientDefaults,
  metadataFields,
  type CreateClientInput,
  type IssuedClient,
  type UpdateClientInput,
} from './client-input';
import { assertValidClientId, assertValidClientMetadata, type ClientMetadataRules } from './client-metadata.validation';
import { GrantTypeCatalogue } from './grant-type-catalogue';
import { generateClientId, generateClientSecret, hashClientSecret, usesClientSecret } from './client-secret';
import { assertSecretExpiryAhead, newSecretExpiry } from './client-secret-expiry';
import { ClientSecretSealer } from './client-secret-sealer';
import { ClientsError, ClientsErrorCode } from './clients.error';
import { isRegisteredUri } from './redirect-uris';
import { SectorIdentifierDocuments } from './sector-identifier-documents';

export interface ClientListQuery {
  offset?: number;
  limit?: number;
  /** Matches anywhere in client_id or client_name, case-insensitively. */
  search?: string;
}

export interface ClientList {
  clients: Client[];
  total: number;
}

export interface UpdateOptions {
  /**
   * The client changes its own registration (RFC 7592): what an administrator approved is no
   * longer what is registered, so the approval is withdrawn.
   */
  bySelf?: boolean;
}

const MAX_PAGE = 100;

@Injectable()
export class ClientsService {
  private readonly cache: TtlCache<string, Client>;
  private readonly rules: ClientMetadataRules;

  constructor(
    @InjectRepository(Client) private readonly clients: Repository<Client>,
    private readonly grantTypes: GrantTypeCatalogue,
    private readonly secrets: ClientSecretSealer,
    private readonly sectors: SectorIdentifierDocuments,
    private readonly keys: SigningKeyService,
    config: AppConfig,
  ) {
    this.cache = new TtlCache(config.keyCacheTtl);
    this.rules = { production: config.production };
  }

  /** Confidential clients get a server-generated secret, returned here once and stored only hashed. */
  async create(input: CreateClientInput): Promise<IssuedClient> {
    const { clientId = generateClientId(), registrationAccessTokenHash = null, adminApproved, ...metadata } = input;
    assertValidClientId(clientId);
    const defaults = clientDefaults();
    // Left out, the default scopes are the defaults' that the client may ask for: a client
    // allowed only API scopes is not refused for lacking openid.
    if (metadata.defaultScopes === undefined && metadata.allowedScopes !== undefined)
      defaults.defaultScopes = defaults.defaultScopes.filter((s) => metadata.allowedScopes!.includes(s));
    const client = this.clients.create({
      ...defaults,
      ...metadataFields(metadata),
      clientId,
      registrationAccessTokenHash,
      adminApproved: adminApproved ?? registrationAccessTokenHash === null,
    });
    assertValidClientMetadata(client, this.grantTypes.all(), this.rules);
    assertSecretExpiryAhead('client_secret_expires_at', client.clientSecretExpiresAt);
    await this.assertSignableAlgs(client);
    await this.assertSectorDocument(client);
    const clientSecret = this.resetSecret(client);
    try {
      await this.clients.insert(client);
    } catch (error) {
      if (violatedUniqueConstraint(error) !== undefined)
        throw new ClientsError(ClientsErrorCode.ClientIdTaken, `client_id ${clientId} is already registered`);
      throw error;
    }
    return { client: (await this.clients.findOneBy({ clientId }))!, clientSecret };
  }

  /**
   * The token endpoint looks clients up on every request, so found clients are kept for
   * KEY_CACHE_TTL seconds. Callers must treat the returned object as read-only. `manager` reads
   * a client not in the cache in a caller's transaction.
   */
  async findById(clientId: string, manager?: EntityManager): Promise<Client | null> {
    if (typeof clientId !== 'string' || clientId === '') return null;
    const cached = this.cache.get(clientId);
    if (cached) return cached;
    const client = await (manager ? manager.getRepository(Client) : this.clients).findOneBy({ clientId });
    if (client) this.cache.set(clientId, client);
    return client;
  }

  /**
   * The client as stored now, never from the cache: for decisions that must follow a change made
   * on any replica at once (the admin API's client tokens), not KEY_CACHE_TTL seconds later.
   */
  findCurrent(clientId: string): Promise<Client | null> {
    if (typeof clientId !== 'string' || clientId === '') return Promise.resolve(null);
    return this.clients.findOneBy({ clientId });
  }

  /**
   * RFC 7592 §2: the client a registration access token was issued to, read fresh (never from
   * the cache) so a deleted or re-registered client is seen at once. The token is random and
   * high-entropy, so looking up its hash through an index gives nothing away by timing.
   */
  findByRegistrationAccessTokenHash(tokenHash: string): Promise<Client | null> {
    if (typeof tokenHash !== 'string' || tokenHash === '') return Promise.resolve(null);
    return this.clients.findOneBy({ registrationAccessTokenHash: tokenHash });
  }

  /**
   * A secret is issued when the client moves to a secret-based method, and dropped when it
   * moves away from one; switching between basic and post keeps it.
   */
  async update(clientId: string, changes: UpdateClientInput, options: UpdateOptions = {}): Promise<IssuedClient> {
    const client = await this.require(clientId);
    const methodBefore = client.tokenEndpointAuthMethod;
    const sectorBefore = sectorInputs(client);
    const algsBefore = signedResponseAlgs(client);
    const secretExpiryBefore = client.clientSecretExpiresAt;
    Object.assign(client, metadataFields(changes));
    if (options.bySelf) client.adminApproved = false;
    if (methodBefore !== 'none' && client.tokenEndpointAuthMethod === 'none' && changes.requirePkce === undefined)
      client.requirePkce = true;
    // The alg was one of the old method's (HMAC or asymmetric): a change of method alone lets it go.
    if (client.tokenEndpointAuthMethod !== methodBefore && changes.tokenEndpointAuthSigningAlg === undefined)
      client.tokenEndpointAuthSigningAlg = null;
    assertValidClientMetadata(client, this.grantTypes.all(), this.rules);
    assertSecretExpiryAhead('client_secret_expires_at', client.clientSecretExpiresAt, secretExpiryBefore);
    await this.assertSignableAlgs(client, algsBefore);
    if (sectorInputs(client) !== sectorBefore) await this.assertSectorDocument(client);
    // client_secret_jwt needs the secret itself, which only a new one gives (the old is kept hashed only).
    const keepsSecret =
      usesClientSecret(client.tokenEndpointAuthMethod) &&
      client.clientSecretHash !== null &&
      (client.tokenEndpointAuthMethod !== 'client_secret_jwt' || client.clientSecretEncrypted !== null);
    const clientSecret = keepsSecret ? undefined : this.resetSecret(client);
    if (clientSecret !== undefined)
      client.clientSecretExpiresAt = newSecretExpiry(client.clientSecretExpiresAt, secretExpiryBefore);
    // Kept encrypted only while an HMAC has to be verified with it.
    if (client.tokenEndpointAuthMethod !== 'client_secret_jwt') client.clientSecretEncrypted = null;
    const saved = await this.clients.save(client);
    this.cache.delete(clientId);
    return { client: saved, clientSecret };
  }

  /**
   * A new secret replaces the old one at once; `expiresAt` (ahead, or null for never) bounds the new
   * one's life. `chosen` is for the development seed's published demo secrets only: every other
   * caller lets it be generated.
   */
  async rotateSecret(clientId: string, expiresAt: Date | null = null, chosen?: string): Promise<string> {
    assertSecretExpiryAhead('expires_at', expiresAt);
    const client = await this.require(clientId);
    if (!usesClientSecret(client.tokenEndpointAuthMethod))
      throw new ClientsError(
        ClientsErrorCode.NoClientSecret,
        `client ${clientId} authenticates with ${client.tokenEndpointAuthMethod} and has no secret`,
      );
    const clientSecret = chosen ?? generateClientSecret();
    await this.clients.update(
      { clientId },
      {
        clientSecretHash: hashClientSecret(clientSecret),
        clientSecretEncrypted: this.sealedFor(client, clientSecret),
        clientSecretExpiresAt: expiresAt,
      },
    );
    this.cache.delete(clientId);
    return clientSecret;
  }

  /** An administrator approves the client (RFC 9700 §4.11.2), or withdraws the approval. */
  async setApproval(clientId: string, approved: boolean): Promise<Client> {
    const client = await this.require(clientId);
    client.adminApproved = approved;
    const saved = await this.clients.save(client);
    this.cache.delete(clientId);
    return saved;
  }

  async delete(clientId: string): Promise<void> {
    const result = await this.clients.delete({ clientId });
    this.cache.delete(clientId);
    if (!result.affected) throw notFound(clientId);
  }

  async list(query: ClientListQuery = {}): Promise<ClientList> {
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(query.limit ?? 20)));
    const qb = this.clients.createQueryBuilder('c').orderBy('c.clientName', 'ASC').addOrderBy('c.clientId', 'ASC');
    if (query.search) {
      const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.where('(c.clientId ILIKE :pattern OR c.clientName ILIKE :pattern)', { pattern });
    }
    const [clients, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return { clients, total };
  }

  /**
   * Up to `limit` clients, by client_id, that may ask for `scope` (allowed or default): what keeps
   * a scope from being deleted. `manager` reads in the deleting transaction.
   */
  async idsAllowingScope(
    scope: string,
    limit: number,
    manager: EntityManager = this.clients.manager,
  ): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT client_id FROM clients WHERE $1 = ANY(allowed_scopes) OR $1 = ANY(default_scopes)
       ORDER BY client_id LIMIT $2`,
      [scope, limit],
    )) as { client_id: string }[];
    return rows.map((r) => r.client_id);
  }

  /** RFC 6749 §3.1.2.3: exact string comparison, no normalisation. */
  isRedirectUriRegistered(client: Client, uri: string): boolean {
    return isRegisteredUri(client.redirectUris, uri);
  }

  /** OIDC RP-Initiated Logout 1.0 §3: post_logout_redirect_uri must exactly match a registered one. */
  isPostLogoutRedirectUriRegistered(client: Client, uri: string): boolean {
    return isRegisteredUri(client.postLogoutRedirectUris, uri);
  }

  /**
   * OIDC Registration §2: id_token_signed_response_alg and userinfo_signed_response_alg must be
   * algs the keys sign with (the active key's, or the next one's), as
   * id_token_signing_alg_values_supported lists them.
   */
  private async assertSignableAlgs(client: Client, before?: SignedResponseAlgs): Promise<void> {
    // Unchanged, an alg stays: a key rotation to another alg must not block every other edit of the client.
    const requested = Object.entries(signedResponseAlgs(client)).filter(
      ([name, alg]) => alg !== null && alg !== before?.[name as keyof SignedResponseAlgs],
    );
    if (requested.length === 0) return;
    const signing = await this.keys.signingAlgs();
    for (const [name, alg] of requested) {
      if (!signing.includes(alg as string))
        throw new ClientsError(
          ClientsErrorCode.InvalidClientMetadata,
          `${name} must be one of ${signing.join(', ')}: the algorithms this server signs with`,
        );
    }
  }

  /** OIDC Core §8.1: the sector_identifier_uri, when there is one, must list every redirect URI. */
  private async assertSectorDocument(client: Client): Promise<void> {
    if (client.sectorIdentifierUri !== null)
      await this.sectors.assertListsRedirectUris(client.sectorIdentifierUri, client.redirectUris);
  }

  private async require(clientId: string): Promise<Client> {
    const client = await this.clients.findOneBy({ clientId });
    if (!client) throw notFound(clientId);
    return client;
  }

  /** Gives a secret-based client a new secret (returned), or clears the secret of any other. */
  private resetSecret(client: Client): string | undefined {
    if (!usesClientSecret(client.tokenEndpointAuthMethod)) {
      client.clientSecretHash = null;
      client.clientSecretEncrypted = null;
      client.clientSecretExpiresAt = null;
      return undefined;
    }
    const secret = generateClientSecret();
    client.clientSecretHash = hashClientSecret(secret);
    client.clientSecretEncrypted = this.sealedFor(client, secret);
    return secret;
  }

  /** client_secret_jwt (RFC 7523 §2.2): the secret encrypted, since an HMAC is verified with it; null for the others. */
  private sealedFor(client: Client, secret: string): string | null {
    return client.tokenEndpointAuthMethod === 'client_secret_jwt' ? this.secrets.seal(secret) : null;
  }
}

/** What the sector document is checked against: a change to any of these fetches it again. */
type SignedResponseAlgs = Record<'id_token_signed_response_alg' | 'userinfo_signed_response_alg', string | null>;

function signedResponseAlgs(client: Client): SignedResponseAlgs {
  return {
    id_token_signed_response_alg: client.idTokenSignedResponseAlg,
    userinfo_signed_response_alg: client.userinfoSignedResponseAlg,
  };
}

function sectorInputs(client: Client): string {
  return JSON.stringify([client.subjectType, client.sectorIdentifierUri, client.redirectUris]);
}

function notFound(clientId: string): ClientsError {
  return new ClientsError(ClientsErrorCode.ClientNotFound, `no client ${clientId}`);
}
