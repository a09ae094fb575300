package org.uplinkdns.config;

import java.util.Set;
import org.xbill.DNS.Name;

/**
 * A name whose address records are the receiving uplink's public address rather than fixed data.
 *
 * @param types record types answered this way ({@code Type.A}, {@code Type.AAAA})
 */
public record SelfRecordConfig(Name name, Set<Integer> types, long ttl, int line) {}
