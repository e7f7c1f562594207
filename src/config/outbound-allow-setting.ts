import { isIP } from 'node:net';

// RFC 1123 host names, optionally "*." for every name under a domain.
const HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The entries of OUTBOUND_ALLOW: separated by commas or spaces. */
export function outboundAllowEntries(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((e) => e !== '');
}

/** Why an OUTBOUND_ALLOW entry is not a host name, *.domain, IP address or CIDR, or undefined. */
export function outboundAllowEntryProblem(entry: string): string | undefined {
  const [address, prefix, ...rest] = bareAddress(entry).split('/');
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

/** Host names compare without case and without the root's trailing dot ("localhost." is "localhost"). */
export function normalHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

/** An entry without the brackets of an IPv6 literal (`[::1]`). */
export function bareAddress(entry: string): string {
  return entry.replace(/^\[([^\]]+)\]/, '$1');
}
