import { BlockList, isIP } from 'node:net';
import { bareAddress, normalHost, outboundAllowEntryProblem } from '../config/outbound-allow-setting';
import { embeddedIPv4 } from './internal-addresses';

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
      const [address, prefix] = bareAddress(entry).split('/');
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
