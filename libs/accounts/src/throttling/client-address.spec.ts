import { clientAddress, trustedProxyList } from './client-address';

const request = (remoteAddress: string | undefined, forwardedFor?: string | string[]) => ({
  socket: { remoteAddress },
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('clientAddress', () => {
  const none = trustedProxyList([]);
  const proxies = trustedProxyList(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);

  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress(request('198.51.100.7', '203.0.113.1'), none)).toBe('198.51.100.7');
    expect(clientAddress(request('127.0.0.1', '203.0.113.1'), none)).toBe('127.0.0.1');
  });

  it('writes an IPv4 peer seen through an IPv6 socket as IPv4', () => {
    expect(clientAddress(request('::ffff:198.51.100.7'), none)).toBe('198.51.100.7');
  });

  it('reads X-Forwarded-For from the right, past trusted proxies only', () => {
    expect(clientAddress(request('10.1.2.3', '203.0.113.1'), proxies)).toBe('203.0.113.1');
    expect(clientAddress(request('10.1.2.3', '203.0.113.1, 10.9.9.9'), proxies)).toBe('203.0.113.1');
    // What the client wrote before the first untrusted hop is not believed.
    expect(clientAddress(request('10.1.2.3', '192.0.2.66, 203.0.113.1, 10.9.9.9'), proxies)).toBe('203.0.113.1');
    expect(clientAddress(request('::ffff:127.0.0.1', ['192.0.2.66', '203.0.113.1']), proxies)).toBe('203.0.113.1');
    expect(clientAddress(request('fd12::1', '2001:db8::5'), proxies)).toBe('2001:db8::5');
  });

  it('stays with the trusted proxy when the header is missing or holds no address', () => {
    expect(clientAddress(request('10.1.2.3'), proxies)).toBe('10.1.2.3');
    expect(clientAddress(request('10.1.2.3', 'unknown, '), proxies)).toBe('10.1.2.3');
  });

  it('ignores the header of a peer that is not a trusted proxy', () => {
    expect(clientAddress(request('198.51.100.7', '203.0.113.1'), proxies)).toBe('198.51.100.7');
  });
});
