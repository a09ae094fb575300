package org.uplinkdns.delegation;

/**
 * One line of a {@code check} report.
 *
 * @param area what was compared: {@code servers}, {@code delegation}, {@code glue}, {@code ds},
 *     {@code mx}, {@code mail-gw}, {@code spf}, {@code soa}, {@code listener}, {@code routing}
 * @param subject the record or name concerned, e.g. {@code www-ns1.example.net. A}
 * @param server the server that was asked ({@code address:port}), or {@code this host}
 * @param detail what was seen and, when it differs, what is expected and how to fix it
 */
public record Finding(Status status, String area, String subject, String server, String detail) {

    public enum Status {
        /** Agrees with the config and the current uplink addresses. */
        OK,
        /** Worth a look but not a disagreement (missing policy routing, an uplink out of rotation). */
        WARNING,
        /** A record disagrees: stale, missing or unexpected. */
        DIFFERENT,
        /** Something that must not be (a DS for a per-uplink zone) or a server that does not answer. */
        ERROR
    }

    public boolean failed() {
        return status == Status.DIFFERENT || status == Status.ERROR;
    }
}
