/**
 * The network shell around the answer layer, and the only package that imports Netty.
 *
 * <p>One UDP socket and one TCP listener per local address, never a wildcard socket: a socket
 * bound to the address a query was sent to replies from that address, which resolvers require,
 * and tells the answer layer which view to use. Sockets are bound with {@code IP_FREEBIND} on
 * Linux so an address that is not (yet) on the host can be listened on; {@link
 * org.uplinkdns.server.DnsServer#reconcile} opens and closes listeners as addresses come and go.
 * With epoll, each address has one UDP socket per event loop sharing the port through
 * {@code SO_REUSEPORT} (the kernel spreads clients over them), each reading up to 16 datagrams
 * per system call (recvmmsg); a first bind without {@code SO_REUSEPORT} makes a port that another
 * process holds fail at start-up instead of being silently shared.
 * TCP follows RFC 7766: 2-byte length framing, any number of queries per connection answered in
 * order, an idle timeout, and reading paused while the client does not read its answers.
 *
 * <p>Protection, all read from the current snapshot's config so a reload changes it:
 * {@link org.uplinkdns.server.RateLimiter} (response rate limiting on UDP; TCP is never limited,
 * since its source cannot be forged), {@code TcpConnections} (connections in total and per
 * client) and {@code TcpGuard} (read deadline for a started message, queries per connection).
 * Config keys: {@code rrl.*}, {@code tcp.*}. Reported through {@code ServerRecorder.rateLimited}
 * and {@code ServerRecorder.tcpLimited}.
 *
 * <p>May import {@code answer}, {@code view}, {@code metrics}, and the records of {@code config}
 * that the snapshot carries.
 */
package org.uplinkdns.server;
