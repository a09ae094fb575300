package org.uplinkdns.uplink;

/**
 * One line of {@code ip -o monitor address}: an address appeared or changed ({@code deleted}
 * false), or went away.
 */
public record AddressEvent(boolean deleted, HostAddress address) {}
