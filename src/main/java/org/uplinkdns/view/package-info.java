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
