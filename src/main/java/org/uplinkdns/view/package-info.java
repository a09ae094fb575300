/**
 * Views and the {@link org.uplinkdns.view.Snapshot} a query reads.
 *
 * <p>A view is the set of zones a query sees. Self records are resolved here, at build time: the
 * view of uplink {@code isp1}'s address holds ordinary A/AAAA RRsets with that uplink's answer
 * for that address (see {@code Uplink.answerFor}), and the {@code internal} view (non-uplink
 * listeners) holds the addresses of every uplink in rotation. The answer layer therefore never
 * knows about uplinks. Zones, uplink addresses and health changes all end in
 * {@link org.uplinkdns.view.SnapshotBuilder}, whose result replaces the previous snapshot in one
 * volatile write.
 *
 * <p>The {@code mail:} section is resolved the same way ({@link org.uplinkdns.view.MailRecords}):
 * each view holds the {@code mail-gw-N} addresses, an MX set that lists the receiving uplink's
 * gateway first and leaves out uplinks out of rotation (never empty), and the SPF TXT.
 *
 * <p>Health acts only here, on self records and the MX set: an uplink out of rotation (down or drained)
 * leaves the internal view's answer, and a self answer on its own address names the uplinks in
 * rotation instead ({@code health.policy.self-on-dead: replace}) or keeps its own ({@code keep});
 * with no uplink in rotation, or none of them with an address of the queried family, every uplink's
 * address is served (fail open, never empty). Answers health changed get
 * {@code health.policy.degraded-ttl} when set. Zone data is never filtered, so the apex NS RRset and
 * the nameservers' addresses always match the parent's delegation; a self record on a nameserver
 * name is rejected at load.
 *
 * <h2>Choosing the view</h2>
 * By the receiving address first, then, inside that listener, by the client's address, as BIND's
 * {@code match-destinations} and {@code match-clients}: the configured {@code views} are tried in
 * order and the first whose client prefixes hold the client (and whose destinations include the
 * listener) answers; every other query sees the listener's own view (its uplink's, or
 * {@code internal}). The list each listener tries is worked out when the snapshot is built
 * ({@link org.uplinkdns.view.ListenerViews}), so a query costs one map lookup and a short walk
 * over prefixes, with no lock. A client-prefix view loads the per-view zone files of its name
 * ({@code zones[].views}) and answers self records as the listener it is reached on would.
 *
 * <h2>Config keys</h2>
 * {@code views[].name}, {@code views[].match-clients}, {@code views[].match-destinations},
 * {@code zones[].views}, {@code self}: see the config reference in {@code README.md}. No metrics
 * of its own (the server counts answers by view name).
 *
 * <p>May import {@code zone}, {@code uplink}, {@code config}.
 */
package org.uplinkdns.view;
