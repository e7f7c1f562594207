import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Attributes that carry a URL or its query: authorization requests and callbacks put hints, codes and tokens there. */
const URL_ATTRIBUTES = ['http.target', 'http.url', 'url.full', 'url.query', 'http.request.header.referer'];

/** A URL without its query and fragment; `?…` says one was there. */
export function withoutQuery(value: string): string {
  const cut = value.search(/[?#]/);
  return cut < 0 ? value : `${value.slice(0, cut)}?…`;
}

/**
 * Removes query strings from span attributes before any exporter sees them: the authorization
 * endpoint's query carries id_token_hint and login_hint, upstream callbacks carry codes. Bodies
 * and headers are never recorded (the HTTP instrumentation's defaults), nor SQL values (pg's).
 */
export class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    for (const key of URL_ATTRIBUTES) {
      const value = span.attributes[key];
      if (typeof value !== 'string') continue;
      if (key === 'url.query') span.setAttribute(key, '…');
      else span.setAttribute(key, withoutQuery(value));
    }
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.next.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
