/**
 * Small recorder interfaces the other packages call to report what they do, and (later) their
 * Micrometer implementation and the read-only HTTP endpoint. Callers hold the recorder they were
 * given; a recorder resolves its meters once, never per query.
 *
 * <p>May import {@code config} only.
 */
package org.uplinkdns.metrics;
