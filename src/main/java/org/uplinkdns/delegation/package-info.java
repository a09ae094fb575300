/**
 * What the world outside uplinkdns must hold for its answers to work, and whether it does: the
 * parent zone's delegation and nameserver addresses, the mail records of a domain served
 * elsewhere, the PTR records to ask each ISP for, the gateway's source policy routing.
 *
 * <p>{@link org.uplinkdns.delegation.ParentPlan} derives all of it from the config, the loaded
 * zones and the uplinks' current addresses; {@link org.uplinkdns.delegation.PlanText} prints it
 * as a zone file ({@code uplinkdns plan}). {@link org.uplinkdns.delegation.ParentCheck} asks the
 * parent's servers and each uplink's listener through a {@link org.uplinkdns.delegation.DnsProbe}
 * (bounded tries and timeout; a silent server is reported once and not asked again) and
 * reports {@link org.uplinkdns.delegation.Finding}s ({@code uplinkdns check}). Host facts come
 * through {@link org.uplinkdns.delegation.HostRouting} ({@code ip rule}, {@code ip route}), so
 * tests give them instead.
 *
 * <p>Rules written down here because operators rely on them: nameserver targets are matched to
 * uplinks by the number ending their first label ({@code www-ns1} is uplink 1), the rest in
 * name order; the parent of a zone not served here is the name one label up; routing table of
 * uplink N is 100 + N; a zone whose answers differ by uplink (self names, mail records) never
 * gets a DS.
 *
 * <p>May import {@code config}, {@code zone}, {@code uplink}, {@code view}. No config keys of
 * its own; no metrics.
 */
package org.uplinkdns.delegation;
