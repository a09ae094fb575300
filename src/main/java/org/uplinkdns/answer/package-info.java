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
