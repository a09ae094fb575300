/**
 * The answer layer: a pure function from (snapshot, query bytes, receiving address, client,
 * transport) to response bytes. No sockets, no clocks, no shared mutable state; tests call it
 * directly with a snapshot built from zone text.
 *
 * <p>{@link org.uplinkdns.answer.Responder} runs the stages in order, each a small method:
 * header checks (drop, FORMERR, NOTIMP), question checks (class, meta types, EDNS), zone choice
 * (REFUSED outside our zones), lookup (answer, CNAME chain, wildcard, referral, negative answer
 * with SOA), additional data, then rendering within the transport's size limit. RCODE decisions
 * are made in these stages only.
 *
 * <p>May import {@code view} (and through it {@code zone}).
 */
package org.uplinkdns.answer;
