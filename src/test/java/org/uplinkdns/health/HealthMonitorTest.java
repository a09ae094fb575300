package org.uplinkdns.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.HealthConfig;
import org.uplinkdns.config.HealthPolicy;
import org.uplinkdns.config.ProbeConfig;
import org.uplinkdns.config.ProbeConfig.Kind;
import org.uplinkdns.config.TcpConfig;
import org.uplinkdns.config.UplinkConfig;
import org.uplinkdns.config.UplinkHealthConfig;
import org.uplinkdns.metrics.HealthRecorder;
import org.uplinkdns.uplink.Health;
import org.uplinkdns.uplink.UplinkTable;
import org.xbill.DNS.Type;

/**
 * The monitor with a fake prober and a fake clock: rounds are run by hand, so the tests decide
 * what every probe answers and when time passes. Two tests use the real timer to show that
 * rounds start at once and that a hung probe stalls nothing.
 */
class HealthMonitorTest {

    /** A clock the test moves. */
    static final class FakeClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Answers each (uplink, probe) as told; unknown pairs pass. Records the contexts it saw. */
    static final class FakeProber implements Prober {
        final Map<String, Boolean> answers = new ConcurrentHashMap<>();
        final List<ProbeContext> seen = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger runs = new AtomicInteger();

        void set(String uplink, String probe, boolean ok) {
            answers.put(uplink + "/" + probe, ok);
        }

        @Override
        public ProbeResult probe(ProbeConfig probe, ProbeContext uplink, long deadlineNanos) {
            runs.incrementAndGet();
            seen.add(uplink);
            boolean ok = answers.getOrDefault(uplink.uplink() + "/" + probe.name(), true);
            return new ProbeResult(probe.name(), ok, ok ? "fake ok" : "fake fail", 1000);
        }
    }

    /** Keeps what the monitor publishes, as the snapshot holder would. */
    static final class Published implements HealthPublisher {
        final AtomicReference<UplinkTable> table = new AtomicReference<>();
        final AtomicInteger count = new AtomicInteger();

        Published(Config config) {
            table.set(UplinkTable.fromConfig(config));
        }

        @Override
        public synchronized void publish(java.util.function.UnaryOperator<UplinkTable> change) {
            table.set(change.apply(table.get()));
            count.incrementAndGet();
        }

        Health health(String uplink) {
            return table.get().byName(uplink).orElseThrow().health();
        }
    }

    static final class Recorded implements HealthRecorder {
        final List<String> probes = Collections.synchronizedList(new ArrayList<>());
        final List<String> transitions = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void probe(String uplink, String probe, boolean ok, long nanos) {
            probes.add(uplink + " " + probe + " " + ok);
        }

        @Override
        public void transition(String uplink, String from, String to) {
            transitions.add(uplink + " " + from + "->" + to);
        }
    }

    static ProbeConfig probe(String name, Duration interval, Duration timeout) {
        return new ProbeConfig(name, Kind.EXEC, List.of(), 1, 1, interval, timeout, Optional.empty(), Type.A, "/",
                Optional.empty(), 200, List.of("/bin/true"), 1);
    }

    static ProbeConfig probe(String name) {
        return probe(name, Duration.ofSeconds(1), Duration.ofMillis(500));
    }

    static UplinkConfig uplink(String name, String address) throws Exception {
        return new UplinkConfig(name, Optional.of(InetAddress.getByName(address)), Optional.empty(), Optional.empty(),
                Optional.empty(), 1);
    }

    static Config config(Map<String, UplinkHealthConfig> health, UplinkConfig... uplinks) {
        return new Config(Path.of("test.yaml"), 5300, List.of(uplinks), List.of(), List.of(), List.of(),
                TcpConfig.DEFAULTS, Optional.empty(), new HealthConfig(health, HealthPolicy.DEFAULTS),
                org.uplinkdns.config.ControlConfig.DEFAULTS, List.of(), org.uplinkdns.config.MetricsConfig.DEFAULTS, false,
                org.uplinkdns.config.RrlConfig.DEFAULTS, org.uplinkdns.config.TransferConfig.NOBODY,
                org.uplinkdns.config.ChaosConfig.OFF);
    }

    static UplinkHealthConfig checked(ProbeConfig... probes) {
        return new UplinkHealthConfig(3, 3, Duration.ofSeconds(1), true, List.of(probes));
    }

    private final FakeClock clock = new FakeClock();
    private final FakeProber prober = new FakeProber();
    private final Recorded recorder = new Recorded();
    private HealthMonitor monitor;
    private Published published;

    private HealthMonitor monitor(Config config) {
        published = new Published(config);
        monitor = new HealthMonitor(config, () -> published.table.get(), published, recorder, prober, clock);
        return monitor;
    }

    private Config twoUplinks() throws Exception {
        return config(Map.of("isp1", checked(probe("icmp"), probe("tcp")), "isp2", checked(probe("icmp"))),
                uplink("isp1", "192.0.2.1"), uplink("isp2", "198.51.100.1"));
    }

    private List<ProbeResult> round(String uplink) {
        clock.advance(Duration.ofSeconds(1));
        return monitor.runRound(uplink);
    }

    @AfterEach
    void close() {
        if (monitor != null) {
            monitor.close();
        }
    }

    @Test
    void aFailingFirstRoundTakesTheUplinkOutAtOnce() throws Exception {
        monitor(twoUplinks());
        prober.set("isp1", "icmp", false);
        round("isp1");
        assertEquals(Health.DOWN, published.health("isp1"));
        assertEquals(Health.UP, published.health("isp2"));
        assertEquals(List.of("isp1 up->down"), recorder.transitions);
    }

    @Test
    void aRoundIsGoodOnlyWhenEveryProbePasses() throws Exception {
        monitor(twoUplinks());
        round("isp1");
        prober.set("isp1", "tcp", false);
        round("isp1");
        round("isp1");
        assertEquals(Health.UP, published.health("isp1"), "two bad rounds are fewer than fall 3");
        round("isp1");
        assertEquals(Health.DOWN, published.health("isp1"));
    }

    @Test
    void riseAndFallGovernEveryChangeAfterTheFirstRound() throws Exception {
        monitor(twoUplinks());
        round("isp1");
        prober.set("isp1", "icmp", false);
        for (int i = 0; i < 3; i++) {
            round("isp1");
        }
        assertEquals(Health.DOWN, published.health("isp1"));
        prober.set("isp1", "icmp", true);
        round("isp1");
        round("isp1");
        assertEquals(Health.DOWN, published.health("isp1"));
        round("isp1");
        assertEquals(Health.UP, published.health("isp1"));
        assertEquals(List.of("isp1 up->down", "isp1 down->up"), recorder.transitions);
    }

    @Test
    void everyProbeRunIsRecordedWithItsName() throws Exception {
        monitor(twoUplinks());
        prober.set("isp1", "tcp", false);
        round("isp1");
        assertEquals(List.of("isp1 icmp true", "isp1 tcp false"), recorder.probes);
    }

    @Test
    void probesAreSentFromTheUplinksCurrentAddress() throws Exception {
        monitor(twoUplinks());
        published.table.set(new UplinkTable(List.of(published.table.get().byName("isp1").orElseThrow()
                .withAddresses(List.of(InetAddress.getByName("192.0.2.99"))))));
        round("isp1");
        assertEquals(List.of(InetAddress.getByName("192.0.2.99")), prober.seen.get(0).addresses());
    }

    @Test
    void aProbeWithALongerIntervalLendsItsLastResultToTheRoundsBetween() throws Exception {
        ProbeConfig slow = probe("slow", Duration.ofSeconds(3), Duration.ofMillis(500));
        monitor(config(Map.of("isp1", checked(probe("fast"), slow)), uplink("isp1", "192.0.2.1")));
        round("isp1");
        assertEquals(2, prober.runs.get());
        prober.set("isp1", "slow", false);
        assertEquals(List.of("fast"), round("isp1").stream().map(ProbeResult::probe).toList());
        assertEquals(List.of("fast"), round("isp1").stream().map(ProbeResult::probe).toList());
        assertEquals(Health.UP, published.health("isp1"), "slow's good result still stands");
        assertEquals(List.of("fast", "slow"), round("isp1").stream().map(ProbeResult::probe).toList());
    }

    @Test
    void drainTakesAnUplinkOutAndUndrainReturnsItsProbedState() throws Exception {
        monitor(twoUplinks());
        round("isp1");
        assertTrue(monitor.drain("isp1"));
        assertEquals(Health.DRAINED, published.health("isp1"));
        assertEquals(List.of("isp1"), monitor.drained());
        assertTrue(monitor.undrain("isp1"));
        assertEquals(Health.UP, published.health("isp1"));
        assertEquals(List.of("isp1 up->drained", "isp1 drained->up"), recorder.transitions);
    }

    @Test
    void drainingAnUnknownUplinkIsRefused() throws Exception {
        monitor(twoUplinks());
        assertFalse(monitor.drain("isp9"));
        assertFalse(monitor.undrain("isp9"));
    }

    @Test
    void aReloadKeepsStatesAndDrainsOfUplinksThatStay() throws Exception {
        monitor(twoUplinks());
        prober.set("isp2", "icmp", false);
        round("isp1");
        round("isp2");
        monitor.drain("isp1");
        // The reload drops nothing of isp1 and isp2 but changes their probes, and adds isp3.
        Config reloaded = config(Map.of("isp1", checked(probe("dns")), "isp2", checked(probe("http")),
                "isp3", checked(probe("icmp"))), uplink("isp1", "192.0.2.1"), uplink("isp2", "198.51.100.1"),
                uplink("isp3", "203.0.113.1"));
        monitor.reconfigure(reloaded);
        UplinkTable table = monitor.applyTo(UplinkTable.fromConfig(reloaded));
        assertEquals(Health.DRAINED, table.byName("isp1").orElseThrow().health());
        assertEquals(Health.DOWN, table.byName("isp2").orElseThrow().health());
        assertEquals(Health.UP, table.byName("isp3").orElseThrow().health(), "new: unknown, fail open");
        assertEquals(List.of("dns"), round("isp1").stream().map(ProbeResult::probe).toList());
    }

    @Test
    void aReloadForgetsRemovedUplinks() throws Exception {
        monitor(twoUplinks());
        monitor.drain("isp2");
        monitor.reconfigure(config(Map.of(), uplink("isp1", "192.0.2.1")));
        assertEquals(List.of("isp1"), monitor.status().stream().map(HealthMonitor.UplinkStatus::uplink).toList());
        assertFalse(monitor.undrain("isp2"));
        assertEquals(List.of(), monitor.drained());
    }

    @Test
    void withoutFailOpenAnUplinkIsOutUntilItsFirstGoodRound() throws Exception {
        UplinkHealthConfig strict = new UplinkHealthConfig(3, 3, Duration.ofSeconds(1), false, List.of(probe("icmp")));
        Config config = config(Map.of("isp1", strict), uplink("isp1", "192.0.2.1"), uplink("isp2", "198.51.100.1"));
        monitor(config);
        assertEquals(Health.DOWN, monitor.applyTo(UplinkTable.fromConfig(config)).byName("isp1").orElseThrow().health());
        round("isp1");
        assertEquals(Health.UP, published.health("isp1"));
    }

    @Test
    void anUplinkWithoutProbesStaysInRotationEvenWithoutFailOpen() throws Exception {
        UplinkHealthConfig none = new UplinkHealthConfig(3, 3, Duration.ofSeconds(1), false, List.of());
        Config config = config(Map.of("isp1", none), uplink("isp1", "192.0.2.1"));
        monitor(config);
        assertEquals(Health.UP, monitor.applyTo(UplinkTable.fromConfig(config)).byName("isp1").orElseThrow().health());
    }

    @Test
    void aReloadThatRemovesEveryProbeOfADeadUplinkReturnsItToRotation() throws Exception {
        monitor(twoUplinks());
        prober.set("isp1", "icmp", false);
        round("isp1");
        assertEquals(Health.DOWN, published.health("isp1"));
        monitor.reconfigure(config(Map.of("isp2", checked(probe("icmp"))), uplink("isp1", "192.0.2.1"),
                uplink("isp2", "198.51.100.1")));
        assertEquals(Health.UP, published.health("isp1"));
        assertEquals(List.of("isp1 up->down", "isp1 down->up"), recorder.transitions);
    }

    @Test
    void statusShowsEachUplinksStateAndLastResults() throws Exception {
        monitor(twoUplinks());
        prober.set("isp1", "icmp", false);
        round("isp1");
        HealthMonitor.UplinkStatus s = monitor.status().get(0);
        assertEquals("isp1", s.uplink());
        assertEquals("down", s.state());
        assertEquals(Health.DOWN, s.health());
        assertEquals(List.of("icmp=fail(fake fail)", "tcp=ok(fake ok)"), s.last().stream().map(ProbeResult::summary).toList());
        assertEquals("unknown", monitor.status().get(1).state());
    }

    @Test
    void aHungProbeFailsItsRoundSoonAfterItsTimeout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Prober hanging = (probe, uplink, deadline) -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ProbeResult(probe.name(), true, "too late", 0);
        };
        Config config = config(Map.of("isp1", checked(probe("stuck", Duration.ofSeconds(1), Duration.ofMillis(50)))),
                uplink("isp1", "192.0.2.1"));
        published = new Published(config);
        monitor = new HealthMonitor(config, () -> published.table.get(), published, recorder, hanging, clock);
        List<ProbeResult> results = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> monitor.runRound("isp1"));
        assertFalse(results.get(0).ok());
        assertEquals("no result within timeout 50ms", results.get(0).detail());
        assertEquals(Health.DOWN, published.health("isp1"));
    }

    @Test
    void startRunsEveryUplinksFirstRoundAtOnceOnItsOwnSchedule() throws Exception {
        // isp1's probe hangs every time; isp2's rounds must go on regardless.
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch isp2Rounds = new CountDownLatch(3);
        Prober prober = (probe, uplink, deadline) -> {
            if (uplink.uplink().equals("isp1")) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                isp2Rounds.countDown();
            }
            return new ProbeResult(probe.name(), false, "down", 0);
        };
        UplinkHealthConfig fast = new UplinkHealthConfig(3, 3, Duration.ofMillis(100), true,
                List.of(probe("p", Duration.ofMillis(100), Duration.ofMillis(50))));
        Config config = config(Map.of("isp1", fast, "isp2", fast), uplink("isp1", "192.0.2.1"),
                uplink("isp2", "198.51.100.1"));
        published = new Published(config);
        monitor = new HealthMonitor(config, () -> published.table.get(), published, recorder, prober,
                Clock.systemUTC());
        monitor.start();
        assertTrue(isp2Rounds.await(10, TimeUnit.SECONDS), "isp2 kept its schedule");
        assertEquals(Health.DOWN, published.health("isp2"));
    }
}
