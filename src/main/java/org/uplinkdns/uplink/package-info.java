/**
 * The uplinks: their current local addresses, the public addresses they hand out and their
 * health, published as one immutable {@link org.uplinkdns.uplink.UplinkTable}. This is the one
 * package that knows the host's interfaces.
 *
 * <p>May import {@code config}.
 */
package org.uplinkdns.uplink;
