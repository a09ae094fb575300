/**
 * Loads RFC 1035 zone files (through dnsjava's {@code Master}) and compiles each into a
 * {@link org.uplinkdns.zone.ZoneData}: a hash table of nodes, empty non-terminals included, with
 * delegation points marked. One {@link org.uplinkdns.zone.ZoneData#find find} call walks from the
 * apex to the query name and reports an exact match, a wildcard match (RFC 4592), a delegation or
 * a missing name; everything that can be decided at load time is decided then.
 *
 * <p>Problems in a file are reported as {@code file:line: reason}. May import {@code config}.
 */
package org.uplinkdns.zone;
