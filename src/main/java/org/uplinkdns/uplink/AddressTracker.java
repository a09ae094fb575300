package org.uplinkdns.uplink;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uplinkdns.config.Addresses;
import org.uplinkdns.config.UplinkConfig;

/**
 * Follows the addresses of the uplinks configured by {@code interface:} and publishes a new
 * {@link UplinkTable} whenever one of them changes; see the package documentation for which
 * addresses count and in what order.
 *
 * <p>Threads: one scheduler thread ({@code uplink-addresses}) does every read, so reads never
 * overlap; a burst of events is folded into one read {@value #COALESCE_MILLIS} ms after its
 * first event. The source may run its own watcher (the {@code ip monitor} reader).
 */
public final class AddressTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AddressTracker.class);
    static final long COALESCE_MILLIS = 100;
    private static final List<String> IP_CANDIDATES = List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip");

    private final AddressSource source;
    private final Object lock = new Object();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private List<UplinkConfig> configs;
    private List<HostAddress> host = List.of();
    private boolean readFailing;
    private boolean watching;
    private volatile UplinkTable table;
    private volatile Consumer<UplinkTable> onChange = t -> {};
    private volatile ScheduledExecutorService executor;
    private volatile boolean closed;

    public AddressTracker(List<UplinkConfig> uplinks, AddressSource source) {
        this.source = source;
        this.configs = List.copyOf(uplinks);
        this.table = UplinkTable.fromConfig(uplinks);
    }

    /** A tracker reading this host: netlink through iproute2 where it works, else the 1 s poll. */
    public static AddressTracker forHost(List<UplinkConfig> uplinks) {
        String ip = IP_CANDIDATES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse("ip");
        AddressSource source = IpCommandSource.probe(ip).<AddressSource>map(s -> s).orElseGet(InterfacePollSource::new);
        return new AddressTracker(uplinks, source);
    }

    /** A tracker that polls {@code java.net.NetworkInterface} every second, never running {@code ip}. */
    public static AddressTracker polling(List<UplinkConfig> uplinks) {
        return new AddressTracker(uplinks, new InterfacePollSource());
    }

    /** The uplinks as last published. */
    public UplinkTable table() {
        return table;
    }

    /**
     * Re-reads the host's addresses now. When an uplink's addresses changed, logs one line per
     * uplink and family, publishes the new table to the listener given to {@link #start} and
     * returns it. A failed read changes nothing: the last known addresses stay.
     */
    public Optional<UplinkTable> refresh() {
        UplinkTable changed;
        synchronized (lock) {
            List<HostAddress> now;
            try {
                now = source.read();
            } catch (IOException e) {
                if (!readFailing) {
                    log.warn("event=address_read_failed source=\"{}\" reason=\"{}\" note=\"keeping the last known addresses\"",
                            source.describe(), e.getMessage());
                }
                readFailing = true;
                return Optional.empty();
            }
            if (readFailing) {
                log.info("event=address_read_recovered source=\"{}\"", source.describe());
                readFailing = false;
            }
            host = List.copyOf(now);
            changed = recompute();
        }
        if (changed != null) {
            onChange.accept(changed);
        }
        return Optional.ofNullable(changed);
    }

    /**
     * Applies a reloaded uplink list to the addresses last read, without reading again, and
     * returns the resulting table (not published: the caller builds its snapshot from it).
     */
    public UplinkTable reconfigure(List<UplinkConfig> uplinks) {
        UplinkTable result;
        synchronized (lock) {
            configs = List.copyOf(uplinks);
            UplinkTable next = select(configs, host);
            logChanges(table, next);
            table = next;
            result = next;
        }
        ensureWatching();
        requestRefresh(); // the last read may be old when no uplink needed reads until now
        return result;
    }

    /**
     * Starts following the host: events (or the poll) trigger reads on the tracker's own thread
     * and every change is passed to {@code listener}, on that thread.
     */
    public void start(Consumer<UplinkTable> listener) {
        synchronized (lock) {
            if (executor != null || closed) {
                return;
            }
            onChange = listener;
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "uplink-addresses");
                t.setDaemon(true);
                return t;
            });
            for (Uplink u : table.uplinks()) {
                configs.stream().filter(c -> c.name().equals(u.name()) && c.interfaceName().isPresent()
                        && u.addresses().isEmpty()).findFirst().ifPresent(c -> log.warn(
                        "event=uplink_waiting uplink={} interface={} note=\"no usable global address there now (interface"
                                + " missing or unconfigured): listening as soon as one appears\"",
                        c.name(), c.interfaceName().get()));
            }
        }
        long every = source.rereadInterval().toMillis();
        executor.scheduleWithFixedDelay(this::periodicRefresh, every, every, TimeUnit.MILLISECONDS);
        ensureWatching();
        requestRefresh(); // whatever changed between the first read and the watch starting
    }

    private void ensureWatching() {
        synchronized (lock) {
            if (watching || executor == null || closed || configs.stream().noneMatch(c -> c.interfaceName().isPresent())) {
                return;
            }
            watching = true;
        }
        boolean events = source.watch(this::requestRefresh);
        log.info("event=address_source source=\"{}\" mode={}", source.describe(), events ? "events" : "poll");
    }

    /** Asks for a read soon; any number of requests before it runs are answered by that one read. */
    void requestRefresh() {
        ScheduledExecutorService e = executor;
        if (e == null || closed || !refreshQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            e.schedule(() -> {
                refreshQueued.set(false);
                safeRefresh();
            }, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            refreshQueued.set(false);
        }
    }

    private void periodicRefresh() {
        boolean any;
        synchronized (lock) {
            any = configs.stream().anyMatch(c -> c.interfaceName().isPresent());
        }
        if (any) {
            safeRefresh();
        }
    }

    private void safeRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // A failing listener must not end the schedule: the next event or re-read tries again.
            log.error("event=address_update_failed reason=\"{}\"", e.toString(), e);
        }
    }

    /** The new table when it differs from the published one, else null; with the lock held. */
    private UplinkTable recompute() {
        UplinkTable next = select(configs, host);
        if (next.equals(table)) {
            return null;
        }
        logChanges(table, next);
        table = next;
        return next;
    }

    /**
     * The uplink table for {@code configs} on a host with addresses {@code host}. An uplink by
     * interface gets that interface's listenable addresses (or those of its IPv4 label, for a
     * name such as {@code eth0:1}), ordered: handed-out before deprecated, IPv4 before IPv6,
     * primary before secondary, then as the kernel lists them. An address already claimed (a
     * fixed {@code address:}, or an earlier uplink) is not taken twice.
     */
    static UplinkTable select(List<UplinkConfig> configs, List<HostAddress> host) {
        Set<InetAddress> claimed = new HashSet<>();
        configs.forEach(c -> c.address().ifPresent(claimed::add));
        Set<String> labels = configs.stream().flatMap(c -> c.interfaceName().stream())
                .filter(n -> n.indexOf(':') >= 0).collect(Collectors.toSet());
        List<Uplink> result = new ArrayList<>();
        int number = 1;
        for (UplinkConfig c : configs) {
            List<InetAddress> addresses = new ArrayList<>();
            Set<InetAddress> deprecated = new HashSet<>();
            if (c.address().isPresent()) {
                addresses.add(c.address().get());
            } else if (c.interfaceName().isPresent()) {
                String iface = c.interfaceName().get();
                List<HostAddress> mine = new ArrayList<>();
                for (HostAddress h : host) {
                    if (belongs(iface, h, labels) && h.listenable() && claimed.add(h.address())) {
                        mine.add(h);
                    }
                }
                mine.sort(Comparator.<HostAddress>comparingInt(h -> h.handOutable() ? 0 : 1)
                        .thenComparingInt(h -> h.isIpv4() ? 0 : 1)
                        .thenComparingInt(h -> h.flags().contains(HostAddress.Flag.SECONDARY) ? 1 : 0));
                for (HostAddress h : mine) {
                    addresses.add(h.address());
                    if (!h.handOutable()) {
                        deprecated.add(h.address());
                    }
                }
            }
            result.add(new Uplink(c.name(), number++, addresses, c.publicV4(), c.publicV6(), Health.UP, deprecated));
        }
        return new UplinkTable(result);
    }

    private static boolean belongs(String iface, HostAddress h, Set<String> labels) {
        if (iface.indexOf(':') >= 0) {
            return h.label().equals(iface);
        }
        // An address with a label another uplink names belongs to that uplink, not to the device's.
        return h.device().equals(iface) && (h.label().equals(h.device()) || !labels.contains(h.label()));
    }

    private static void logChanges(UplinkTable before, UplinkTable after) {
        for (Uplink u : after.uplinks()) {
            Uplink old = before.byName(u.name()).orElse(null);
            for (boolean v4 : new boolean[] {true, false}) {
                String was = describe(old, v4);
                String now = describe(u, v4);
                if (!was.equals(now)) {
                    log.info("uplink {} address {} -> {}", u.name(), was, now);
                }
            }
        }
    }

    /** The addresses of one family, preferred first, deprecated ones marked; "none" when there are none. */
    static String describe(Uplink u, boolean v4) {
        if (u == null) {
            return "none";
        }
        String list = u.addresses().stream().filter(a -> (a instanceof Inet4Address) == v4)
                .map(a -> Addresses.text(a) + (u.deprecated().contains(a) ? " (deprecated)" : ""))
                .collect(Collectors.joining(", "));
        return list.isEmpty() ? "none" : list;
    }

    /** Stops the threads and processes of the tracker and its source. */
    @Override
    public void close() {
        ScheduledExecutorService e;
        synchronized (lock) {
            closed = true;
            e = executor;
        }
        if (e != null) {
            e.shutdownNow();
            try {
                e.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        source.close();
    }
}
