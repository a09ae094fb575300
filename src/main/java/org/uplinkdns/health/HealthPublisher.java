package org.uplinkdns.health;

import java.util.function.UnaryOperator;
import org.uplinkdns.uplink.UplinkTable;

/**
 * Where health changes go: the wiring applies {@code change} to the uplink table of the current
 * snapshot and swaps in the snapshot built from the result. {@code change} always applies the
 * latest verdicts, so publications that race each other still end in the newest state.
 */
@FunctionalInterface
public interface HealthPublisher {
    void publish(UnaryOperator<UplinkTable> change);
}
