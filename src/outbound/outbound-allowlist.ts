import { BlockList, isIP } from 'node:net';
import { embeddedIPv4 } from './internal-addresses';

// RFC 1123 host names, optionally "*." for every name under a domain.
const HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The entries of OUTBOUND_ALLOW: separated by commas or spaces. */
export function outboundAllowEntries(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((e) => e !== '');
}

/** Why an OUTBOUND_ALLOW entry is not a host name, *.domain, IP address or CIDR, or undefined. */
export function outboundAllowEntryProblem(entry: string): string | undefined {
  const [address, prefix, ...rest] = bare(entry).split('/');
  const family = isIP(address);
  if (family !== 0) {
    if (rest.length > 0) return `${entry} is not a CIDR block`;
    if (prefix === undefined) return undefined;
    const bits = Number(prefix);
    return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128)
      ? undefined
      : `${entry} has a bad prefix length`;
  }
  return prefix === undefined && HOST.test(normalHost(entry))
    ? undefined
    : `${entry} is not a host name, *.domain, IP address or CIDR block`;
}

/**
 * Internal destinations the operator allows remote fetches to reach (OUTBOUND_ALLOW): a host
 * name is allowed whatever it resolves to; an address or CIDR block is allowed however it is
 * named. Everything else internal is refused (see internal-addresses.ts).
 */
export class OutboundAllowlist {
  private readonly hosts = new Set<string>();
  private readonly domains: string[] = [];
  private readonly addresses = new BlockList();

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const problem = outboundAllowEntryProblem(entry);
      if (problem) throw new Error(`OUTBOUND_ALLOW: ${problem}`);
      const [address, prefix] = bare(entry).split('/');
      const family = isIP(address);
      if (family === 0) {
        const host = normalHost(entry);
        if (host.startsWith('*.')) this.domains.push(host.slice(1));
        else this.hosts.add(host);
        continue;
      }
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.addresses.addAddress(address, type);
      else this.addresses.addSubnet(address, Number(prefix), type);
    }
  }

  allowsHost(hostname: string): boolean {
    const host = normalHost(hostname);
    return this.hosts.has(host) || this.domains.some((domain) => host.endsWith(domain));
  }

  allowsAddress(address: string): boolean {
    const family = isIP(address);
    if (family === 4) return this.addresses.check(address, 'ipv4');
    if (family !== 6) return false;
    const embedded = embeddedIPv4(address);
    return this.addresses.check(address, 'ipv6') || (embedded !== undefined && this.addresses.check(embedded, 'ipv4'));
  }
}

/** Host names compare without case and without the root's trailing dot ("localhost." is "localhost"). */
function normalHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

function bare(entry: string): string {
  return entry.replace(/^\[([^\]]+)\]/, '$1');
}
