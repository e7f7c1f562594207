import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { ClientsService } from '../../clients/clients.service';
import { AppConfig } from '../../config/app-config';
import { UsersService } from '../../users/users.service';
import { AdminError, AdminErrorCode } from '../admin.error';
import { AdminClientsService } from '../clients/admin-clients.service';
import type { IssuedClientDto } from '../clients/client.dto';
import { DEMO_CLIENTS, DEMO_USERS, type DemoClient } from './demo-data';
import type { DemoClientDto, DemoUserDto, PkcePairDto, QuickClientDto, SeedResultDto } from './dev.dto';
import { s256Challenge } from '../../token/grants/pkce';

const DEV_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/** Shortcuts for trying the server out: `cli dev seed`, and /admin/dev with ENABLE_DEV_ENDPOINTS=true. */
@Injectable()
export class DevToolsService {
  constructor(
    private readonly users: UsersService,
    private readonly clients: ClientsService,
    private readonly adminClients: AdminClientsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /**
   * The demo users and clients, made or put back as declared in demo-data.ts: an existing demo
   * user gets the published password again, an existing demo client its settings and its
   * published secret. So what it prints always works, however often it runs.
   */
  async seed(by: AuditActor): Promise<SeedResultDto> {
    // The passwords are published: never in production, whatever else lets this run.
    if (this.config.production)
      throw new AdminError(
        AdminErrorCode.DevToolsInProduction,
        'The development seed is refused when NODE_ENV=production.',
      );
    const users: DemoUserDto[] = [];
    for (const demo of DEMO_USERS) users.push(await this.resetUser(demo));
    const clients: DemoClientDto[] = [];
    for (const demo of DEMO_CLIENTS) clients.push(await this.resetClient(demo));
    await this.audit.record({
      ...by,
      type: AuditEventType.DevDataSeeded,
      details: { users: users.map((u) => u.username), clients: clients.map((c) => c.client_id) },
    });
    return { issuer: this.config.issuer, users, clients };
  }

  /** RFC 7636 §4.1–4.2: a 256-bit verifier and its S256 challenge. */
  pkcePair(): PkcePairDto {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = s256Challenge(verifier);
    return { code_verifier: verifier, code_challenge: challenge, code_challenge_method: 'S256' };
  }

  /** A client ready for the authorization code flow, without asking every question. */
  quickClient(dto: QuickClientDto, by: AuditActor): Promise<IssuedClientDto> {
    return this.adminClients.create(
      {
        client_name: dto.client_name ?? 'Quick client',
        redirect_uris: [dto.redirect_uri ?? 'http://localhost:3001/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: dto.public ? 'none' : 'client_secret_basic',
        allowed_scopes: DEV_SCOPES,
        default_scopes: ['openid'],
        consent_policy: 'skip',
      },
      by,
    );
  }

  private async resetUser({ password, ...profile }: (typeof DEMO_USERS)[number]): Promise<DemoUserDto> {
    const existing = await this.users.findByLogin(profile.username);
    if (!existing) {
      await this.users.create({ ...profile, password, emailVerified: true });
      return { username: profile.username, password, created: true };
    }
    await this.users.setPassword(existing.id, password);
    if (existing.disabled) await this.users.setDisabled(existing.id, false);
    return { username: profile.username, password, created: false };
  }

  private async resetClient({ kind, input, secret: published }: DemoClient): Promise<DemoClientDto> {
    const { clientId, ...metadata } = input;
    const existing = await this.clients.findById(clientId);
    let secret = existing
      ? (await this.clients.update(clientId, metadata)).clientSecret
      : (await this.clients.create(input)).clientSecret;
    // Only a hash is kept, so a kept secret is unknown here: set the published one, or a new one to print.
    if (published !== undefined) secret = await this.clients.rotateSecret(clientId, null, published);
    else if (!secret && metadata.tokenEndpointAuthMethod !== 'none') secret = await this.clients.rotateSecret(clientId);
    return {
      kind,
      client_id: clientId,
      client_name: input.clientName,
      ...(secret ? { client_secret: secret } : {}),
      token_endpoint_auth_method: input.tokenEndpointAuthMethod ?? 'client_secret_basic',
      grant_types: input.grantTypes ?? [],
      redirect_uris: input.redirectUris ?? [],
      created: !existing,
    };
  }
}
