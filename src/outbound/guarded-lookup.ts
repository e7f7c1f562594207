import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isInternalAddress } from './internal-addresses';
import type { OutboundAllowlist } from './outbound-allowlist';

/** Resolves a host name to all its addresses (dns.promises.lookup by default; a test may pass its own). */
export type Resolve = (
  hostname: string,
  options: { all: true; family?: number; hints?: number },
) => Promise<LookupAddress[]>;

/** A remote fetch refused because its destination is internal and not in OUTBOUND_ALLOW. */
export class OutboundDestinationRefused extends Error {
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`refused to connect to ${hostname} (${address}): an internal address not in OUTBOUND_ALLOW`);
    this.name = 'OutboundDestinationRefused';
  }
}

/** Whether a connection to `address`, reached by the name `hostname`, may be made. */
export function destinationAllowed(allow: OutboundAllowlist, hostname: string, address: string): boolean {
  return allow.allowsHost(hostname) || allow.allowsAddress(address) || !isInternalAddress(address);
}

/**
 * The `lookup` of the outbound agents: the socket connects to exactly the addresses checked
 * here, so a name cannot pass the check with one answer and connect with another (DNS
 * rebinding). Internal addresses are dropped; a name with no address left is refused.
 */
export function guardedLookup(allow: OutboundAllowlist, resolve: Resolve = dns.lookup): LookupFunction {
  return (hostname, options: LookupOptions, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family || undefined;
    resolve(hostname, { all: true, family, hints: options.hints }).then(
      (found) => {
        const usable = found.filter((a) => destinationAllowed(allow, hostname, a.address));
        if (usable.length === 0) {
          const error = new OutboundDestinationRefused(hostname, found[0]?.address ?? 'no address');
          return callback(Object.assign(error, { code: 'EOUTBOUNDREFUSED' }), '', 0);
        }
        if (options.all) return callback(null, usable);
        callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
