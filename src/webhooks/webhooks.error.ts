export enum WebhooksErrorCode {
  InvalidSubscription = 'invalid_webhook',
  SubscriptionNotFound = 'webhook_not_found',
}

export class WebhooksError extends Error {
  constructor(
    readonly code: WebhooksErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WebhooksError';
  }
}
