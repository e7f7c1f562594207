import { Injectable } from '@nestjs/common';
import type { MetadataContribution } from './provider-metadata';

type Field = keyof MetadataContribution;

/**
 * Where feature modules declare what they really serve, so the discovery documents never
 * announce an endpoint or grant that does not work. A module contributes once, in its
 * onModuleInit:
 *
 *   registry.contribute({ token_endpoint: '/oauth2/token', grant_types_supported: ['refresh_token'] });
 *
 * Lists are merged without duplicates; a single value set twice to different values is a
 * programming error and stops the start.
 */
@Injectable()
export class DiscoveryRegistry {
  private readonly fields: MetadataContribution = {};
  private revision = 0;

  contribute(contribution: MetadataContribution): void {
    const merged = this.fields as Record<string, unknown>;
    for (const [field, value] of Object.entries(contribution) as [Field, unknown][]) {
      if (value === undefined) continue;
      const current = merged[field];
      if (Array.isArray(value)) {
        merged[field] = [...new Set([...((current as string[] | undefined) ?? []), ...value])];
      } else if (current !== undefined && current !== value) {
        throw new Error(
          `Discovery metadata ${field} is contributed twice: ${JSON.stringify(current)} and ${JSON.stringify(value)}`,
        );
      } else {
        merged[field] = value;
      }
    }
    this.revision++;
  }

  /** A copy of everything contributed so far. */
  contributions(): MetadataContribution {
    return structuredClone(this.fields);
  }

  /** Changes with every contribution, so a cached document knows it is out of date. */
  get version(): number {
    return this.revision;
  }
}
