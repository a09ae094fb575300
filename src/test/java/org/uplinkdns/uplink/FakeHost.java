package org.uplinkdns.uplink;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A host whose addresses a test sets, standing in for iproute2: it counts reads, can fail them,
 * and hands the tracker's event callback to the test, which fires it instead of the kernel.
 */
public final class FakeHost implements AddressSource {
    private volatile List<HostAddress> addresses = List.of();
    public volatile boolean failing;
    public volatile Runnable onEvent;
    public volatile boolean closed;
    public int reads;

    /** An address of global scope on {@code device}. */
    public static HostAddress global(String device, String address, HostAddress.Flag... flags) {
        Set<HostAddress.Flag> f = flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags);
        return new HostAddress(device, device, ip(address), address.contains(":") ? 64 : 24, HostAddress.Scope.GLOBAL, f);
    }

    public static HostAddress labelled(String device, String label, String address) {
        return new HostAddress(device, label, ip(address), 24, HostAddress.Scope.GLOBAL, Set.of());
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** What the host has from now on. */
    public void set(HostAddress... now) {
        addresses = List.of(now);
    }

    /** Sets the addresses and tells the tracker, as a netlink event would. */
    public void change(HostAddress... now) {
        set(now);
        Runnable r = onEvent;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public synchronized List<HostAddress> read() throws IOException {
        reads++;
        if (failing) {
            throw new IOException("ip: cannot run");
        }
        return addresses;
    }

    @Override
    public boolean watch(Runnable onEvent) {
        this.onEvent = onEvent;
        return true;
    }

    @Override
    public Duration rereadInterval() {
        return Duration.ofHours(1); // tests drive every read themselves
    }

    @Override
    public String describe() {
        return "fake";
    }

    @Override
    public void close() {
        closed = true;
    }
}
