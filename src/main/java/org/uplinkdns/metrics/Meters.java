package org.uplinkdns.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every metric of the server, in one Prometheus registry; see the package documentation for the
 * list. Query-path meters are resolved once per (view, protocol, qtype, rcode) combination and
 * kept in arrays, so a query costs an array index and a counter increment, never a registry lookup.
 */
public final class Meters implements ServerRecorder, HealthRecorder, StateRecorder {
    /** Question types counted by name; every other type is counted as {@code other}. */
    static final int[] QTYPES = {1, 28, 2, 6, 15, 16, 5, 12, 33, 255, 43, 48, 257, 65, 64};
    static final String[] QTYPE_NAMES = {"A", "AAAA", "NS", "SOA", "MX", "TXT", "CNAME", "PTR", "SRV", "ANY", "DS",
        "DNSKEY", "CAA", "HTTPS", "SVCB", "other", "none"};
    /** Response codes counted by name; others as {@code other}. */
    static final int[] RCODES = {0, 1, 2, 3, 4, 5, 16};
    static final String[] RCODE_NAMES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "BADVERS", "other"};
    private static final String[] PROTOCOLS = {"udp", "tcp"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicReferenceArray<Counter>> responses = new ConcurrentHashMap<>();
    private final Timer[] latency = new Timer[2];
    private final Counter[] truncated = new Counter[2];
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    private final AtomicInteger tcpOpen = new AtomicInteger();
    private final AtomicInteger listeners = new AtomicInteger();
    private final Map<String, Timer> probeDurations = new ConcurrentHashMap<>();
    private final Map<String, Counter> probeResults = new ConcurrentHashMap<>();
    private final Map<String, Counter> transitions = new ConcurrentHashMap<>();
    private final Counter rrlDropped;
    private final Counter rrlSlipped;
    private final Map<String, Counter> tcpRefused = new ConcurrentHashMap<>();
    private final Counter reloadsOk;
    private final Counter reloadsFailed;
    private final AtomicLong lastReloadSuccess = new AtomicLong(System.currentTimeMillis() / 1000);
    private final MultiGauge uplinkState;
    private final MultiGauge uplinkAddress;
    private final MultiGauge zoneSerial;

    public Meters() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (int p = 0; p < 2; p++) {
            latency[p] = Timer.builder("uplinkdns_response_duration")
                    .description("Time from reading a query to writing its response")
                    .tag("protocol", PROTOCOLS[p])
                    .serviceLevelObjectives(Duration.ofNanos(10_000), Duration.ofNanos(25_000), Duration.ofNanos(50_000),
                            Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofMillis(1), Duration.ofMillis(5),
                            Duration.ofMillis(25), Duration.ofMillis(100))
                    .register(registry);
            truncated[p] = Counter.builder("uplinkdns_truncated_responses")
                    .description("Responses sent with TC=1 because the answer did not fit")
                    .tag("protocol", PROTOCOLS[p]).register(registry);
        }
        Gauge.builder("uplinkdns_tcp_connections", tcpOpen, AtomicInteger::get)
                .description("Open TCP client connections").register(registry);
        Gauge.builder("uplinkdns_listeners_bound", listeners, AtomicInteger::get)
                .description("Local addresses with a bound UDP socket and TCP listener").register(registry);
        rrlDropped = Counter.builder("uplinkdns_rate_limited_responses").description(
                "UDP responses withheld by response rate limiting: dropped, or slipped (sent truncated)")
                .tag("action", "dropped").register(registry);
        rrlSlipped = Counter.builder("uplinkdns_rate_limited_responses").description(
                "UDP responses withheld by response rate limiting: dropped, or slipped (sent truncated)")
                .tag("action", "slipped").register(registry);
        reloadsOk = Counter.builder("uplinkdns_config_reloads").description("Config reloads by result")
                .tag("result", "success").register(registry);
        reloadsFailed = Counter.builder("uplinkdns_config_reloads").description("Config reloads by result")
                .tag("result", "failure").register(registry);
        Gauge.builder("uplinkdns_config_last_reload_success_timestamp_seconds", lastReloadSuccess, AtomicLong::get)
                .description("When the config and zones in use were loaded (start-up or the last good reload)")
                .register(registry);
        uplinkState = MultiGauge.builder("uplinkdns_uplink_state")
                .description("1 for the state each uplink is in (up, down, drained), 0 for the others").register(registry);
        uplinkAddress = MultiGauge.builder("uplinkdns_uplink_address")
                .description("1 for each local address an uplink receives queries on now (an info metric: the labels carry the value)").register(registry);
        zoneSerial = MultiGauge.builder("uplinkdns_zone_serial")
                .description("SOA serial of each zone as each view serves it").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The exposition text for {@code /metrics}. */
    public String scrape() {
        return registry.scrape();
    }

    private static int index(int[] table, int value) {
        for (int i = 0; i < table.length; i++) {
            if (table[i] == value) {
                return i;
            }
        }
        return table.length;
    }

    @Override
    public void answered(String view, boolean tcp, int qtype, int rcode, boolean wasTruncated, long nanos) {
        int p = tcp ? 1 : 0;
        int q = qtype < 0 ? QTYPE_NAMES.length - 1 : index(QTYPES, qtype);
        int r = index(RCODES, rcode);
        String v = view == null ? "none" : view;
        AtomicReferenceArray<Counter> counters = responses.get(v);
        if (counters == null) {
            counters = responses.computeIfAbsent(v, k -> new AtomicReferenceArray<>(2 * QTYPE_NAMES.length * RCODE_NAMES.length));
        }
        int slot = (p * QTYPE_NAMES.length + q) * RCODE_NAMES.length + r;
        Counter c = counters.get(slot);
        if (c == null) {
            c = Counter.builder("uplinkdns_responses").description("Responses sent, by view, protocol, question type and rcode")
                    .tags(Tags.of("view", v, "protocol", PROTOCOLS[p], "qtype", QTYPE_NAMES[q], "rcode", RCODE_NAMES[r]))
                    .register(registry);
            counters.set(slot, c);
        }
        c.increment();
        latency[p].record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (wasTruncated) {
            truncated[p].increment();
        }
    }

    @Override
    public void dropped(String reason, boolean tcp) {
        String key = reason + (tcp ? "/tcp" : "/udp");
        Counter c = dropped.get(key);
        if (c == null) {
            c = dropped.computeIfAbsent(key, k -> Counter.builder("uplinkdns_dropped_packets")
                    .description("Packets not answered: short, response (QR set), send_error, tcp_error, ...")
                    .tags("reason", reason, "protocol", tcp ? "tcp" : "udp").register(registry));
        }
        c.increment();
    }

    @Override
    public void rateLimited(boolean slipped) {
        (slipped ? rrlSlipped : rrlDropped).increment();
    }

    @Override
    public void tcpLimited(String reason) {
        Counter c = tcpRefused.get(reason);
        if (c == null) {
            c = tcpRefused.computeIfAbsent(reason, r -> Counter.builder("uplinkdns_tcp_limited")
                    .description("TCP connections refused or closed by a limit (connections, per client, queries, read timeout)")
                    .tag("reason", r).register(registry));
        }
        c.increment();
    }

    @Override
    public void tcpOpened() {
        tcpOpen.incrementAndGet();
    }

    @Override
    public void tcpClosed() {
        tcpOpen.decrementAndGet();
    }

    @Override
    public void listeners(int bound) {
        listeners.set(bound);
    }

    @Override
    public void probe(String uplink, String probe, boolean ok, long nanos) {
        String key = uplink + "\u0000" + probe;
        probeDurations.computeIfAbsent(key, k -> Timer.builder("uplinkdns_probe_duration")
                .description("How long each health probe took").tags("uplink", uplink, "probe", probe)
                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        String result = ok ? "ok" : "fail";
        probeResults.computeIfAbsent(key + "\u0000" + result, k -> Counter.builder("uplinkdns_probe_results")
                .description("Health probe runs by result").tags("uplink", uplink, "probe", probe, "result", result)
                .register(registry)).increment();
    }

    @Override
    public void transition(String uplink, String from, String to) {
        transitions.computeIfAbsent(uplink + "\u0000" + from + "\u0000" + to, k -> Counter.builder("uplinkdns_uplink_transitions")
                .description("Uplink state changes that changed answers").tags("uplink", uplink, "from", from, "to", to)
                .register(registry)).increment();
    }

    @Override
    public synchronized void state(List<UplinkRow> uplinks, List<ZoneRow> zones) {
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        List<MultiGauge.Row<?>> addresses = new ArrayList<>();
        for (UplinkRow u : uplinks) {
            for (String s : new String[] {"up", "down", "drained"}) {
                states.add(MultiGauge.Row.of(Tags.of("uplink", u.uplink(), "state", s), s.equals(u.state()) ? 1 : 0));
            }
            for (String a : u.addresses()) {
                String family = a.indexOf(':') >= 0 ? "ipv6" : "ipv4";
                addresses.add(MultiGauge.Row.of(Tags.of("uplink", u.uplink(), "address", a, "family", family), 1));
            }
        }
        uplinkState.register(states, true);
        uplinkAddress.register(addresses, true);
        List<MultiGauge.Row<?>> serials = new ArrayList<>();
        for (ZoneRow z : zones) {
            serials.add(MultiGauge.Row.of(Tags.of("zone", z.zone(), "view", z.view()), z.serial()));
        }
        zoneSerial.register(serials, true);
    }

    @Override
    public void reload(boolean ok) {
        if (ok) {
            reloadsOk.increment();
            lastReloadSuccess.set(System.currentTimeMillis() / 1000);
        } else {
            reloadsFailed.increment();
        }
    }
}
