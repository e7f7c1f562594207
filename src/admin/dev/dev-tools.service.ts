import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { ClientsError, ClientsErrorCode } from '../../clients/clients.error';
import { ClientsService } from '../../clients/clients.service';
import { UsersError, UsersErrorCode } from '../../users/users.error';
import { UsersService } from '../../users/users.service';
import { AdminClientsService } from '../clients/admin-clients.service';
import type { IssuedClientDto } from '../clients/client.dto';
import type { DemoClientDto, DemoUserDto, PkcePairDto, QuickClientDto, SeedResultDto } from './dev.dto';
import { s256Challenge } from '../../token/grants/pkce';

const DEMO_USERS = [
  { username: 'alice', password: 'alice-demo-password', email: 'alice@example.com', name: 'Alice Demo' },
  { username: 'bob', password: 'bob-demo-password', email: 'bob@example.com', name: 'Bob Demo' },
];
const DEMO_CLIENT_ID = 'demo-public-client';
const DEMO_REDIRECT_URIS = ['http://localhost:5173/callback', 'http://127.0.0.1:5173/callback'];
const DEV_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/** Shortcuts for trying the server out; only registered with ENABLE_DEV_ENDPOINTS=true. */
@Injectable()
export class DevToolsService {
  constructor(
    private readonly users: UsersService,
    private readonly clients: ClientsService,
    private readonly adminClients: AdminClientsService,
    private readonly audit: AuditService,
  ) {}

  /** Demo users and a public demo client; what exists already is left alone, so it can run twice. */
  async seed(by: AuditActor): Promise<SeedResultDto> {
    const users: DemoUserDto[] = [];
    for (const { password, ...profile } of DEMO_USERS) {
      users.push({ username: profile.username, password, created: await this.createUser(profile, password) });
    }
    const client = await this.createDemoClient();
    await this.audit.record({
      ...by,
      type: AuditEventType.DevDataSeeded,
      details: { users: users.filter((u) => u.created).map((u) => u.username), client_created: client.created },
    });
    return { users, client };
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

  private async createUser(profile: Omit<(typeof DEMO_USERS)[number], 'password'>, password: string) {
    try {
      await this.users.create({ ...profile, password, emailVerified: true });
      return true;
    } catch (error) {
      if (error instanceof UsersError && error.code !== UsersErrorCode.InvalidUser) return false;
      throw error;
    }
  }

  private async createDemoClient(): Promise<DemoClientDto> {
    try {
      await this.clients.create({
        clientId: DEMO_CLIENT_ID,
        clientName: 'Demo public client',
        redirectUris: DEMO_REDIRECT_URIS,
        postLogoutRedirectUris: ['http://localhost:5173/'],
        grantTypes: ['authorization_code', 'refresh_token'],
        tokenEndpointAuthMethod: 'none',
        requirePkce: true,
        allowedScopes: DEV_SCOPES,
        defaultScopes: ['openid'],
        consentPolicy: 'once',
      });
      return { client_id: DEMO_CLIENT_ID, redirect_uris: DEMO_REDIRECT_URIS, created: true };
    } catch (error) {
      if (error instanceof ClientsError && error.code === ClientsErrorCode.ClientIdTaken)
        return { client_id: DEMO_CLIENT_ID, redirect_uris: DEMO_REDIRECT_URIS, created: false };
      throw error;
    }
  }
}
