/**
 * Views and the {@link org.uplinkdns.view.Snapshot} a query reads.
 *
 * <p>A view is the set of zones one receiving address sees. Self records are resolved here, at
 * build time: the view of uplink {@code isp1}'s address holds ordinary A/AAAA RRsets with that
 * uplink's public address, and the {@code internal} view (non-uplink listeners) holds the
 * addresses of every uplink in rotation. The {@code mail:} section is resolved the same way
 * ({@link org.uplinkdns.view.MailRecords}): each view holds the {@code mail-gw-N} addresses, an
 * MX set that lists the receiving uplink's gateway first and leaves out uplinks out of rotation
 * (never empty), and the SPF TXT. The answer layer therefore never knows about uplinks.
 * Zones, uplink addresses and health changes all end in {@link org.uplinkdns.view.SnapshotBuilder},
 * whose result replaces the previous snapshot in one volatile write.
 *
 * <p>May import {@code zone}, {@code uplink}, {@code config}.
 */
package org.uplinkdns.view;
