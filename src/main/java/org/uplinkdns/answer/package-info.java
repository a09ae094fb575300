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
 * <p>Refusals: no recursion (REFUSED outside our zones, RA never set); AXFR and IXFR only for
 * clients in {@code transfer.allow}, and only over TCP ({@code ZoneTransfer}: SOA, records, SOA,
 * split into messages of about 16 KiB; IXFR gets the same full transfer); CHAOS TXT
 * {@code version.bind}/{@code hostname.bind} only when {@code chaos.*} is configured. Each
 * {@link org.uplinkdns.answer.Response} names its {@link org.uplinkdns.answer.ResponseClass} and
 * the name rate limiting accounts it to; {@link org.uplinkdns.answer.Slip} makes the TC=1 form
 * the rate limiter sends instead of some withheld responses.
 *
 * <p>The fast path: {@link org.uplinkdns.answer.AnswerCache} keeps, per snapshot, the wire bytes
 * of answers keyed by (view, lower-cased name, type, EDNS presence, DO bit, size class), filled
 * by the general path. A repeated question is answered by copying those bytes and patching in
 * the query's ID, RD and CD flags and the question's letter case. Only plain queries of class IN
 * qualify ({@link org.uplinkdns.answer.CachedQuestion}); anything unusual or malformed takes the
 * general path, which alone decides errors. {@code AnswerCacheTest} replays the benchmark's query
 * file through both paths and requires identical bytes.
 *
 * <p>May import {@code view} (and through it {@code zone}).
 */
package org.uplinkdns.answer;
