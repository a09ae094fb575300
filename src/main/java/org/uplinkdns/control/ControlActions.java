package org.uplinkdns.control;

/** What the control socket can ask of a running server. Implementations must be thread-safe. */
public interface ControlActions {

    /** A reply: whether the command did what was asked, and the text for the operator. */
    record Reply(boolean ok, String text) {}

    /** Uplinks, listeners and zones, as a table. */
    Reply status();

    /** Re-read config and zones; on failure the reply lists every problem as file:line: reason. */
    Reply reload();

    /** Take an uplink out of rotation for maintenance, or put it back. */
    Reply drain(String uplink, boolean drain);
}
