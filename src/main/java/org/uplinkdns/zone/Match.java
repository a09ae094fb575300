package org.uplinkdns.zone;

import org.xbill.DNS.Name;

/**
 * What a zone holds for a query name.
 *
 * @param node for {@code EXACT} the node at the name, for {@code WILDCARD} the wildcard node whose
 *     records are answered under the query name, for {@code DELEGATION} the node holding the cut's
 *     NS RRset, for {@code NXDOMAIN} null
 * @param closestEncloser for {@code WILDCARD} and {@code NXDOMAIN}, the longest existing ancestor
 */
public record Match(Kind kind, Node node, Name closestEncloser) {
    public enum Kind { EXACT, WILDCARD, DELEGATION, NXDOMAIN }
}
