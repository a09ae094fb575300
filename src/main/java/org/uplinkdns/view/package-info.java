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
 *
 * <p>Health acts only here, on self records and the MX set: an uplink out of rotation (down or drained)
 * leaves the internal view's answer, and a self answer on its own address names the uplinks in
 * rotation instead ({@code health.policy.self-on-dead: replace}) or keeps its own ({@code keep});
 * with no uplink in rotation, or none of them with an address of the queried family, every uplink's
 * address is served (fail open, never empty). Answers health changed get
 * {@code health.policy.degraded-ttl} when set. Zone data is never filtered, so the apex NS RRset and
 * the nameservers' addresses always match the parent's delegation; a self record on a nameserver
 * name is rejected at load.
 * Zones, uplink addresses and health changes all end in {@link org.uplinkdns.view.SnapshotBuilder},
 * whose result replaces the previous snapshot in one volatile write.
 *
 * <p>May import {@code zone}, {@code uplink}, {@code config}.
 */
package org.uplinkdns.view;
