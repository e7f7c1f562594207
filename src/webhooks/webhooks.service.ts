import { LoadingCache } from '../common/cache/loading-cache';
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { KeyEncryption } from '../keys/key-encryption';
import { isValidEventPattern } from './webhook-event-types';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookSubscription } from './webhook-subscription.entity';
import { WebhooksError, WebhooksErrorCode } from './webhooks.error';

// Its own HKDF purpose: keys derived for signing keys or client secrets never open these.
const PURPOSE = 'oidc-server/webhook-secret/v1';

export interface SubscriptionInput {
  url?: string;
  eventTypes?: string[];
  description?: string | null;
  enabled?: boolean;
}

const invalid = (message: string) => new WebhooksError(WebhooksErrorCode.InvalidSubscription, message);

function assertValid(input: SubscriptionInput, production: boolean): void {
  if (input.url !== undefined) {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw invalid('url must be an absolute URL');
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !production))
      throw invalid('url must use https (http is allowed outside production)');
    if (url.username || url.password || url.hash) throw invalid('url may not carry credentials or a fragment');
  }
  if (input.eventTypes !== undefined) {
    if (input.eventTypes.length === 0) throw invalid('event_types must name at least one event type');
    const unknown = input.eventTypes.filter((t) => !isValidEventPattern(t));
    if (unknown.length > 0) throw invalid(`event_types: unknown event types ${unknown.join(', ')}`);
  }
}

/** Subscriptions and their delivery history; the secret is generated here and shown once. */
@Injectable()
export class WebhooksService {
  private readonly sealer: KeyEncryption;
  private readonly production: boolean;
  /**
   * Every audit event (a sign-in's among them) asks which subscriptions want it: kept
   * KEY_CACHE_TTL seconds, reloaded at once after a change here (another replica's change shows
   * within the TTL).
   */
  private readonly enabled: LoadingCache<WebhookSubscription[]>;

  constructor(
    @InjectRepository(WebhookSubscription) private readonly subscriptions: Repository<WebhookSubscription>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    config: AppConfig,
  ) {
    this.sealer = new KeyEncryption(config.keyEncryptionSecret, PURPOSE);
    this.production = config.production;
    this.enabled = new LoadingCache(config.keyCacheTtl, () => this.subscriptions.findBy({ enabled: true }));
  }

  /** The enabled subscriptions (possibly KEY_CACHE_TTL seconds old). */
  enabledSubscriptions(): Promise<WebhookSubscription[]> {
    return this.enabled.get();
  }

  list(): Promise<WebhookSubscription[]> {
    return this.subscriptions.find({ order: { createdAt: 'ASC' } });
  }

  async get(id: string): Promise<WebhookSubscription> {
    const found = /^[0-9a-f-]{36}$/i.test(id) ? await this.subscriptions.findOneBy({ id }) : null;
    if (!found) throw new WebhooksError(WebhooksErrorCode.SubscriptionNotFound, `no webhook ${id}`);
    return found;
  }

  async create(input: Required<Pick<SubscriptionInput, 'url' | 'eventTypes'>> & SubscriptionInput) {
    assertValid(input, this.production);
    const secret = newSecret();
    const subscription = await this.subscriptions.save(
      this.subscriptions.create({
        url: input.url,
        eventTypes: [...new Set(input.eventTypes)],
        description: input.description ?? null,
        enabled: input.enabled ?? true,
        secretSealed: this.sealer.seal(secret),
      }),
    );
    this.enabled.invalidate();
    return { subscription, secret };
  }

  async update(id: string, input: SubscriptionInput): Promise<WebhookSubscription> {
    const subscription = await this.get(id);
    assertValid(input, this.production);
    if (input.url !== undefined) subscription.url = input.url;
    if (input.eventTypes !== undefined) subscription.eventTypes = [...new Set(input.eventTypes)];
    if (input.description !== undefined) subscription.description = input.description;
    if (input.enabled !== undefined) subscription.enabled = input.enabled;
    const saved = await this.subscriptions.save(subscription);
    this.enabled.invalidate();
    return saved;
  }

  /** A new secret, shown once; deliveries signed from now on use it. */
  async rotateSecret(id: string): Promise<string> {
    await this.get(id);
    const secret = newSecret();
    await this.subscriptions.update({ id }, { secretSealed: this.sealer.seal(secret) });
    this.enabled.invalidate();
    return secret;
  }

  async delete(id: string): Promise<void> {
    await this.subscriptions.delete({ id: (await this.get(id)).id });
    this.enabled.invalidate();
  }

  secretOf(subscription: WebhookSubscription): string {
    return this.sealer.open(subscription.secretSealed);
  }

  async deliveriesOf(id: string, limit = 50): Promise<WebhookDelivery[]> {
    await this.get(id);
    return this.deliveries.find({ where: { subscriptionId: id }, order: { createdAt: 'DESC' }, take: limit });
  }
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;
