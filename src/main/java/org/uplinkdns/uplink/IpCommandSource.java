package org.uplinkdns.uplink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's addresses from iproute2: {@code ip -o addr show} for the full list (with the flags
 * {@code NetworkInterface} does not report), and one long-running {@code ip -o monitor address}
 * whose lines are the kernel's netlink address events. The monitor is restarted when it dies.
 * Every {@code ip} run is bounded in time; no process or pipe outlives its use.
 */
public final class IpCommandSource implements AddressSource {
    private static final Logger log = LoggerFactory.getLogger(IpCommandSource.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESTART_DELAY = Duration.ofSeconds(1);
    private static final Duration REREAD_INTERVAL = Duration.ofSeconds(5);
    private static final int MAX_OUTPUT = 4 << 20;

    private final String ip;
    private final ScheduledThreadPoolExecutor watchdog;
    private volatile boolean closed;
    private volatile Process monitor;
    private Thread monitorThread;

    public IpCommandSource(String ipCommand) {
        this.ip = ipCommand;
        this.watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "uplink-ip-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true);
    }

    /** A source using {@code ipCommand} when it runs and lists addresses here; empty otherwise. */
    public static Optional<IpCommandSource> probe(String ipCommand) {
        IpCommandSource source = new IpCommandSource(ipCommand);
        try {
            source.read();
            return Optional.of(source);
        } catch (IOException e) {
            log.info("event=address_source kind=poll reason=\"{} -o addr show: {}\"", ipCommand, e.getMessage());
            source.close();
            return Optional.empty();
        }
    }

    @Override
    public List<HostAddress> read() throws IOException {
        Process p = new ProcessBuilder(ip, "-o", "addr", "show").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ScheduledFuture<?> kill = watchdog.schedule(p::destroyForcibly, COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(MAX_OUTPUT);
            }
            if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("exited with status " + p.exitValue());
            }
            return IpAddrParser.parseAll(new String(out, StandardCharsets.US_ASCII));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading addresses");
        } finally {
            kill.cancel(false);
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    @Override
    public synchronized boolean watch(Runnable onEvent) {
        if (monitorThread == null && !closed) {
            monitorThread = new Thread(() -> monitorLoop(onEvent), "uplink-address-monitor");
            monitorThread.setDaemon(true);
            monitorThread.start();
        }
        return true;
    }

    private void monitorLoop(Runnable onEvent) {
        boolean restarted = false;
        while (!closed) {
            Process p;
            try {
                p = new ProcessBuilder(ip, "-o", "monitor", "address")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                log.warn("event=address_monitor_failed reason=\"{}\" note=\"retrying; addresses are re-read every {} s\"",
                        e.getMessage(), REREAD_INTERVAL.toSeconds());
                if (!pause()) {
                    return;
                }
                continue;
            }
            monitor = p;
            if (closed) {
                p.destroyForcibly();
                return;
            }
            if (restarted) {
                onEvent.run(); // changes while no monitor ran would otherwise wait for the next re-read
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                p.getOutputStream().close();
                while (lines.readLine() != null) {
                    onEvent.run(); // the tracker re-reads everything, so the line itself is only a signal
                }
            } catch (IOException e) {
                // The stream was closed under us (close()) or the process died: handled below.
            }
            p.destroyForcibly();
            int status = waitQuietly(p);
            if (closed) {
                return;
            }
            log.warn("event=address_monitor_exit status={} note=\"restarting in {} s\"", status, RESTART_DELAY.toSeconds());
            restarted = true;
            if (!pause()) {
                return;
            }
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(RESTART_DELAY.toMillis());
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static int waitQuietly(Process p) {
        try {
            return p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public Duration rereadInterval() {
        return REREAD_INTERVAL;
    }

    @Override
    public String describe() {
        return "netlink (" + ip + " -o monitor address)";
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = monitorThread;
        }
        Process p = monitor;
        if (p != null) {
            p.destroyForcibly();
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(COMMAND_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        watchdog.shutdownNow();
    }
}
