/**
 * The uplinks: their current local addresses, the public addresses they hand out and their
 * health, published as one immutable {@link org.uplinkdns.uplink.UplinkTable}. This is the one
 * package that knows the host's interfaces.
 *
 * <h2>Following the host</h2>
 * An uplink configured by {@code interface:} gets that interface's addresses from an
 * {@link org.uplinkdns.uplink.AddressTracker}, which reads an
 * {@link org.uplinkdns.uplink.AddressSource}:
 * <ul>
 *   <li>{@link org.uplinkdns.uplink.IpCommandSource} (preferred): one long-running
 *       {@code ip -o monitor address} (netlink address events, restarted when it dies) and a full
 *       {@code ip -o addr show} after each burst of events (folded into one read 100 ms after the
 *       first event) and every 5 s, because netlink may drop messages. Each read is bounded to 5 s.
 *   <li>{@link org.uplinkdns.uplink.InterfacePollSource} (no {@code ip} or no netlink):
 *       {@code java.net.NetworkInterface} every second, with IPv6 flags from
 *       {@code /proc/net/if_inet6} where readable.
 * </ul>
 * A failed read keeps the last known addresses. Every change publishes a new table and logs one
 * line per uplink and family: {@code uplink isp1 address 198.51.100.10 -> 198.51.100.20}.
 *
 * <h2>Which addresses, in which order</h2>
 * <table>
 *   <caption>An interface address, by what {@code ip -o addr} says about it</caption>
 *   <tr><th>address</th><th>listened on</th><th>handed out</th></tr>
 *   <tr><td>scope global, no flag below</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>deprecated (preferred lifetime over: renumbering)</td><td>yes</td><td>no</td></tr>
 *   <tr><td>tentative, dadfailed</td><td>no</td><td>no</td></tr>
 *   <tr><td>temporary (RFC 8981 privacy address)</td><td>no</td><td>no</td></tr>
 *   <tr><td>link-local (fe80::/10, 169.254/16), scope link/host/site</td><td>no</td><td>no</td></tr>
 * </table>
 * An uplink's addresses are ordered preferred first: handed-out before deprecated, IPv4 before
 * IPv6, primary before secondary, then as the kernel lists them (newest IPv6 first). A self answer
 * on an uplink address is that address when it is of the asked family, else the uplink's
 * {@code public} address of that family, else its first handed-out address of that family (see
 * {@link org.uplinkdns.uplink.Uplink#answerFor}). An address is never given to two uplinks: a
 * fixed {@code address:} wins, then the earlier uplink. An interface name with a colon
 * ({@code eth1:2}) takes the IPv4 addresses carrying that label, which the device's own uplink
 * then leaves alone.
 *
 * <p>Threads: one {@code uplink-addresses} scheduler per tracker, one {@code uplink-address-monitor}
 * reader and one {@code uplink-ip-watchdog} timer per iproute2 source, all daemons, all ended by
 * {@code close()}. Address flaps create no threads, processes or sockets that outlive a read.
 *
 * <h2>Config keys</h2>
 * {@code uplinks[].interface}, {@code uplinks[].address}, {@code uplinks[].public}: see the config
 * reference in {@code README.md}. No metrics of its own.
 *
 * <p>May import {@code config}.
 */
package org.uplinkdns.uplink;
