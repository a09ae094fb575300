package org.uplinkdns.answer;

/**
 * What kind of response a query got, as response rate limiting tells them apart: an attacker
 * gains nothing by switching from one kind to another, since each has its own budget.
 */
public enum ResponseClass {
    /** Data for the name asked (a wildcard answer included). */
    ANSWER,
    /** The name exists but has no data of the type asked. */
    NODATA,
    /** The name does not exist; keyed by zone so random names do not each get a fresh budget. */
    NXDOMAIN,
    /** A delegation to a child zone; keyed by the cut. */
    REFERRAL,
    /** REFUSED, FORMERR, NOTIMP and the like; keyed by the client prefix alone. */
    ERROR,
    /** A zone transfer over TCP; never rate limited (TCP is not). */
    TRANSFER
}
