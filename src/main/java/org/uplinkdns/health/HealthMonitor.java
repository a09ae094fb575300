package org.uplinkdns.health;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.ProbeConfig;
import org.uplinkdns.config.UplinkConfig;
import org.uplinkdns.config.UplinkHealthConfig;
import org.uplinkdns.metrics.HealthRecorder;
import org.uplinkdns.uplink.Health;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.uplink.UplinkTable;

/**
 * Probes every uplink on its own schedule, runs the rise/fall state machine, and publishes the
 * resulting health. See the package documentation for the states and the threads.
 */
public final class HealthMonitor implements UplinkDrains, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);
    /** How long past its timeout a probe may take to report before the round stops waiting for it. */
    static final Duration GRACE = Duration.ofMillis(250);
    private static final int MAX_WORKERS = 512;

    /** One uplink as the monitor sees it, in the status a control command prints. */
    public record UplinkStatus(
            String uplink, Health health, String state, boolean drained, Instant since, int streak, List<ProbeResult> last) {}

    /** One probe of one uplink and its latest result, reused by rounds in which the probe is not due. */
    private static final class ProbeSlot {
        final ProbeConfig probe;
        ProbeResult last;
        Instant lastStart;

        ProbeSlot(ProbeConfig probe) {
            this.probe = probe;
        }
    }

    /** Everything the monitor keeps per uplink. Fields are guarded by the monitor's lock. */
    private static final class Monitored {
        final String name;
        final UplinkState state;
        final AtomicBoolean roundRunning = new AtomicBoolean();
        UplinkConfig uplink;
        UplinkHealthConfig settings;
        List<ProbeSlot> slots = List.of();
        ScheduledFuture<?> tick;
        int generation;

        Monitored(String name, UplinkState state) {
            this.name = name;
            this.state = state;
        }
    }

    private final Supplier<UplinkTable> uplinks;
    private final HealthPublisher publisher;
    private final HealthRecorder recorder;
    private final Prober prober;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    private final Object lock = new Object();
    private final Map<String, Monitored> monitored = new LinkedHashMap<>();
    private boolean started;
    private boolean closed;
    /** The health of every uplink as last published; read by {@link #applyTo} without the lock. */
    private volatile Map<String, Health> published = Map.of();

    /**
     * A monitor with the real probes. Nothing runs until {@link #start()}.
     *
     * @param uplinks the current uplink table, read at the start of every round for the uplinks' addresses
     */
    public HealthMonitor(Config config, Supplier<UplinkTable> uplinks, HealthPublisher publisher, HealthRecorder recorder) {
        this(config, uplinks, publisher, recorder, null, new MonotonicClock());
    }

    /** A monitor with {@code prober} and {@code clock} instead of the real ones (tests). */
    HealthMonitor(Config config, Supplier<UplinkTable> uplinks, HealthPublisher publisher, HealthRecorder recorder,
            Prober prober, Clock clock) {
        this.uplinks = uplinks;
        this.publisher = publisher;
        this.recorder = recorder;
        this.clock = clock;
        this.workers = newWorkers();
        this.prober = prober != null ? prober : new SystemProber(workers);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("health-timer"));
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        synchronized (lock) {
            configure(config);
            published = healths();
        }
    }

    private static ExecutorService newWorkers() {
        // Probes block (connect, ping, commands): a growing pool of plain threads, capped so a
        // misbehaving config cannot exhaust the process. Never the network event loop.
        return new ThreadPoolExecutor(0, MAX_WORKERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), daemon("health-probe"));
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts every uplink's rounds; the first round of each starts at once. */
    public void start() {
        synchronized (lock) {
            if (started || closed) {
                return;
            }
            started = true;
            monitored.values().forEach(this::schedule);
        }
        // The snapshot was built before the monitor existed: align it once, even if nothing changed.
        publish(true);
    }

    /**
     * Takes the settings of a reloaded config: uplinks that remain keep their state and drain and
     * get the new probes; new uplinks start unknown; removed ones are forgotten.
     */
    public void reconfigure(Config config) {
        List<UplinkState.Transition> changes;
        synchronized (lock) {
            if (closed) {
                return;
            }
            changes = configure(config);
        }
        changes.forEach(this::announce);
        publish(false);
    }

    private List<UplinkState.Transition> configure(Config config) {
        Map<String, Monitored> next = new LinkedHashMap<>();
        List<UplinkState.Transition> changes = new ArrayList<>();
        Instant now = clock.instant();
        for (UplinkConfig u : config.uplinks()) {
            UplinkHealthConfig settings = config.health().forUplink(u.name());
            // Nothing will ever decide about an uplink without probes: it stays in rotation.
            boolean failOpen = settings.failOpen() || settings.probes().isEmpty();
            Monitored m = monitored.get(u.name());
            if (m == null) {
                m = new Monitored(u.name(), new UplinkState(u.name(), failOpen, now));
            } else if (settings.probes().isEmpty()) {
                m.state.forget("its probes were removed by a reload", now).ifPresent(changes::add);
            }
            if (settings.probes().isEmpty()) {
                log.info("event=health_unprobed uplink={} note=\"no probes configured: in rotation unless drained\"",
                        u.name());
            }
            if (m.tick != null) {
                m.tick.cancel(false);
                m.tick = null;
            }
            m.generation++;
            m.uplink = u;
            m.settings = settings;
            m.state.failOpen(failOpen);
            m.slots = settings.probes().stream().map(ProbeSlot::new).toList();
            next.put(u.name(), m);
        }
        for (Monitored gone : monitored.values()) {
            if (!next.containsKey(gone.name) && gone.tick != null) {
                gone.tick.cancel(false);
            }
        }
        monitored.clear();
        monitored.putAll(next);
        if (started) {
            monitored.values().forEach(this::schedule);
        }
        return changes;
    }

    private void schedule(Monitored m) {
        if (m.slots.isEmpty()) {
            return;
        }
        int generation = m.generation;
        long period = m.settings.interval().toNanos();
        m.tick = timer.scheduleAtFixedRate(() -> trigger(m, generation), 0, period, TimeUnit.NANOSECONDS);
    }

    /** Hands one round to a worker; skips the tick when the previous round of the uplink still runs. */
    private void trigger(Monitored m, int generation) {
        if (!m.roundRunning.compareAndSet(false, true)) {
            log.debug("event=health_round_skipped uplink={} note=\"previous round still running\"", m.name);
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    round(m, generation);
                } catch (RuntimeException e) {
                    log.warn("event=health_round_failed uplink={} error=\"{}\"", m.name, e.toString());
                } finally {
                    m.roundRunning.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            m.roundRunning.set(false);
            log.warn("event=health_round_skipped uplink={} note=\"no worker thread free\"", m.name);
        }
    }

    /**
     * Runs one round of {@code uplink} on the calling thread and returns its results (empty when the
     * uplink is unknown or has no probe due). The scheduler calls the same code; tests call this.
     */
    List<ProbeResult> runRound(String uplink) {
        Monitored m;
        int generation;
        synchronized (lock) {
            m = monitored.get(uplink);
            if (m == null) {
                return List.of();
            }
            generation = m.generation;
        }
        return round(m, generation);
    }

    private List<ProbeResult> round(Monitored m, int generation) {
        long start = System.nanoTime();
        Instant startedAt = clock.instant();
        List<ProbeSlot> due = new ArrayList<>();
        ProbeContext context;
        synchronized (lock) {
            if (closed || m.generation != generation) {
                return List.of();
            }
            // A tenth of the round interval of slack keeps timer jitter from skipping a due probe.
            Duration slack = m.settings.interval().dividedBy(10);
            for (ProbeSlot s : m.slots) {
                if (s.lastStart == null
                        || Duration.between(s.lastStart, startedAt).compareTo(s.probe.interval().minus(slack)) >= 0) {
                    due.add(s);
                }
            }
            context = context(m);
        }
        if (due.isEmpty()) {
            return List.of();
        }
        List<Future<ProbeResult>> running = new ArrayList<>();
        for (ProbeSlot s : due) {
            long deadline = start + s.probe.timeout().toNanos();
            try {
                running.add(workers.submit(() -> prober.probe(s.probe, context, deadline)));
            } catch (RejectedExecutionException e) {
                running.add(null);
            }
        }
        List<ProbeResult> results = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            ProbeConfig p = due.get(i).probe;
            long waitUntil = start + p.timeout().toNanos() + GRACE.toNanos();
            ProbeResult r = collect(running.get(i), p, waitUntil, start);
            results.add(r);
            recorder.probe(m.name, p.name(), r.ok(), r.nanos());
        }
        Optional<UplinkState.Transition> change;
        synchronized (lock) {
            if (closed || m.generation != generation) {
                return results;
            }
            for (int i = 0; i < due.size(); i++) {
                due.get(i).last = results.get(i);
                due.get(i).lastStart = startedAt;
            }
            boolean good = m.slots.stream().allMatch(s -> s.last != null && s.last.ok());
            String summary = m.slots.stream().filter(s -> s.last != null).map(s -> s.last.summary())
                    .collect(Collectors.joining(" "));
            change = m.state.round(good, summary, m.settings.rise(), m.settings.fall(), clock.instant());
        }
        change.ifPresent(this::announce);
        return results;
    }

    private ProbeResult collect(Future<ProbeResult> f, ProbeConfig p, long waitUntil, long start) {
        if (f == null) {
            return ProbeResult.fail(p.name(), "no worker thread free", 0);
        }
        try {
            ProbeResult r = f.get(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
            return r != null ? r : ProbeResult.fail(p.name(), "no result", System.nanoTime() - start);
        } catch (TimeoutException e) {
            // A probe that ignores its deadline must not stall the round: abandon it as failed.
            f.cancel(true);
            return ProbeResult.fail(p.name(), "no result within timeout " + p.timeout().toMillis() + "ms",
                    System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return ProbeResult.fail(p.name(), "interrupted", System.nanoTime() - start);
        } catch (ExecutionException e) {
            return ProbeResult.fail(p.name(), "error: " + e.getCause(), System.nanoTime() - start);
        }
    }

    private ProbeContext context(Monitored m) {
        List<InetAddress> addresses = m.uplink.address().map(List::of).orElse(List.of());
        try {
            Optional<Uplink> current = uplinks.get().byName(m.name);
            if (current.isPresent()) {
                addresses = current.get().addresses();
            }
        } catch (RuntimeException e) {
            // Keep the configured address.
        }
        return new ProbeContext(m.name, m.uplink.interfaceName(), addresses);
    }

    @Override
    public boolean drain(String uplink) {
        return operator(uplink, true);
    }

    @Override
    public boolean undrain(String uplink) {
        return operator(uplink, false);
    }

    private boolean operator(String uplink, boolean drain) {
        Optional<UplinkState.Transition> change;
        synchronized (lock) {
            Monitored m = monitored.get(uplink);
            if (m == null) {
                return false;
            }
            change = drain ? m.state.drain(clock.instant()) : m.state.undrain(clock.instant());
        }
        change.ifPresent(this::announce);
        return true;
    }

    /** Logs a transition, records it, and publishes the new health when answers change. */
    private void announce(UplinkState.Transition t) {
        log.info("event=health_transition uplink={} from={} to={} held={}s cause=\"{}\"", t.uplink(), t.from(), t.to(),
                String.format(java.util.Locale.ROOT, "%.1f", t.held().toMillis() / 1000.0), t.cause());
        if (t.changesAnswers()) {
            recorder.transition(t.uplink(), word(t.before()), word(t.after()));
        }
        publish(false);
    }

    private static String word(Health h) {
        return h.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Publishes when the health of any uplink differs from what was last published, or when forced. */
    private void publish(boolean force) {
        synchronized (lock) {
            Map<String, Health> now = healths();
            if (now.equals(published) && !force) {
                return;
            }
            published = now;
        }
        publisher.publish(this::applyTo);
    }

    private Map<String, Health> healths() {
        Map<String, Health> result = new HashMap<>();
        monitored.values().forEach(m -> result.put(m.name, m.state.health()));
        return Map.copyOf(result);
    }

    /** {@code table} with each uplink's health set to the monitor's latest verdict. */
    public UplinkTable applyTo(UplinkTable table) {
        Map<String, Health> h = published;
        List<Uplink> result = new ArrayList<>();
        for (Uplink u : table.uplinks()) {
            Health health = h.get(u.name());
            result.add(health == null || health == u.health() ? u : u.withHealth(health));
        }
        return new UplinkTable(result);
    }

    /** Every uplink's state, in config order. */
    public List<UplinkStatus> status() {
        synchronized (lock) {
            List<UplinkStatus> result = new ArrayList<>();
            for (Monitored m : monitored.values()) {
                List<ProbeResult> last = m.slots.stream().filter(s -> s.last != null).map(s -> s.last).toList();
                result.add(new UplinkStatus(m.name, m.state.health(), m.state.display(), m.state.drained(),
                        m.state.since(), m.state.streak(), last));
            }
            return result;
        }
    }

    /** The uplinks that are drained now. */
    public List<String> drained() {
        synchronized (lock) {
            return monitored.values().stream().filter(m -> m.state.drained()).map(m -> m.name).toList();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            monitored.values().forEach(m -> {
                if (m.tick != null) {
                    m.tick.cancel(false);
                }
            });
        }
        timer.shutdownNow();
        workers.shutdownNow();
    }

    /** Wall-clock time at start-up advanced by the monotonic clock: rounds ignore clock steps. */
    private static final class MonotonicClock extends Clock {
        private final Instant base = Instant.now();
        private final long baseNanos = System.nanoTime();

        @Override
        public Instant instant() {
            return base.plusNanos(System.nanoTime() - baseNanos);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
