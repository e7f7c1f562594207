import { isIP } from 'node:net';

/**
 * Which proxies may tell the server the client's address (X-Forwarded-For) and scheme
 * (X-Forwarded-Proto), in the two forms Express's `trust proxy` takes: a number of hops in
 * front of the server, or the addresses and CIDR ranges of the proxies. `false`: none.
 */
export type TrustProxy = false | number | readonly string[];

/** Express's names for the reserved ranges (proxy-addr): accepted in a list like a CIDR. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 10;

export const TRUST_PROXY_RULE =
  'must be false, a number of proxy hops in front of the server (1 for one ingress), or a comma-separated list of proxy addresses or CIDR ranges (e.g. 10.0.0.0/8,fd00::/8)';

export type ParsedTrustProxy = { trust: TrustProxy; warning?: string } | { error: string };

/**
 * `true` used to trust every hop, so the left-most X-Forwarded-For entry, which the client
 * writes itself, became its address: a fresh one per request slipped past every per-address
 * limit. It now means one hop (the one ingress of docker/k8s) and the start logs a warning.
 */
export function parseTrustProxy(raw: unknown): ParsedTrustProxy {
  const text = raw === undefined || raw === null ? '' : String(raw).trim();
  if (text === '' || text === 'false' || text === '0') return { trust: false };
  if (text === 'true')
    return {
      trust: 1,
      warning:
        'TRUST_PROXY=true is read as TRUST_PROXY=1 (one proxy hop). Set the number of proxies in front of the server, or their addresses, to silence this warning.',
    };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= MAX_HOPS ? { trust: hops } : { error: `at most ${MAX_HOPS} proxy hops` };
  }
  const entries = text.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !isProxyAddress(e));
  if (bad.length > 0) return { error: `${TRUST_PROXY_RULE}; not an address or CIDR: ${bad.join(', ')}` };
  return { trust: entries };
}

function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
