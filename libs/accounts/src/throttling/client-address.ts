import { BlockList, isIP } from 'node:net';

/** What a request tells of where it came from. */
export interface RequestOrigin {
  socket: { remoteAddress?: string };
  headers: Record<string, string | string[] | undefined>;
}

const unmapped = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 4 ? 'ipv4' : 'ipv6');

/** The proxies whose X-Forwarded-For is believed: addresses or CIDR ranges. */
export function trustedProxyList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const family = familyOf(unmapped(address));
    if (bits === undefined) list.addAddress(unmapped(address), family);
    else list.addSubnet(unmapped(address), Number(bits), family);
  }
  return list;
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then X-Forwarded-For is read from
 * the right, past every trusted proxy, to the first address that is not one. Nothing a client writes in the header
 * counts unless a trusted proxy put it there.
 */
export function clientAddress(request: RequestOrigin, trusted: BlockList): string {
  let address = unmapped(request.socket.remoteAddress ?? '');
  if (!address) return 'unknown';
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => unmapped(entry.trim()))
    .filter((entry) => isIP(entry) !== 0);
  while (trusted.check(address, familyOf(address))) {
    const hop = forwarded.pop();
    if (hop === undefined) break;
    address = hop;
  }
  return address;
}
