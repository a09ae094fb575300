package org.uplinkdns.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.uplinkdns.config.ProbeConfig;
import org.uplinkdns.config.ProbeTarget;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * The real probes. Every network probe binds its socket (or {@code ping -I}) to the uplink's own
 * address, so with the gateway's source policy routing it can only succeed through that uplink;
 * {@code SO_BINDTODEVICE} is out of reach of Java sockets. Targets of one probe run in parallel,
 * and every blocking call is bounded by the probe's deadline.
 */
public final class SystemProber implements Prober {
    private static final Pattern ICMP_REPLY = Pattern.compile(" bytes from .*icmp_seq=(\\d+)");
    private static final Pattern HTTP_STATUS = Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3})(?: .*)?");
    private static final int MAX_STATUS_LINE = 1024;
    /** How long past the deadline target checks may take to report before they count as failed. */
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** One target's (or one try's) outcome. */
    record Outcome(boolean ok, String detail) {
        static Outcome ok(String detail) {
            return new Outcome(true, detail);
        }

        static Outcome fail(String detail) {
            return new Outcome(false, detail);
        }
    }

    /** One try of a check that must finish by the deadline it is given. */
    @FunctionalInterface
    interface Try {
        Outcome run(long deadlineNanos) throws Exception;
    }

    private final ExecutorService pool;
    private final CommandRunner commands;
    private final Path sysClassNet;

    public SystemProber(ExecutorService pool) {
        this(pool, Path.of("/sys/class/net"));
    }

    SystemProber(ExecutorService pool, Path sysClassNet) {
        this.pool = pool;
        this.commands = new CommandRunner(pool);
        this.sysClassNet = sysClassNet;
    }

    @Override
    public ProbeResult probe(ProbeConfig probe, ProbeContext uplink, long deadlineNanos) {
        long start = System.nanoTime();
        Outcome o;
        try {
            o = switch (probe.kind()) {
                case LINK -> link(uplink);
                case EXEC -> exec(probe, uplink, deadlineNanos);
                default -> targets(probe, uplink, deadlineNanos);
            };
        } catch (RuntimeException e) {
            o = Outcome.fail("error: " + e);
        }
        return new ProbeResult(probe.name(), o.ok(), o.detail(), System.nanoTime() - start);
    }

    // ---- link

    private Outcome link(ProbeContext uplink) {
        Optional<String> name = uplink.interfaceName().or(() -> interfaceOwning(uplink.addresses()));
        if (name.isEmpty()) {
            return Outcome.fail(uplink.addresses().isEmpty() ? "uplink has no address yet"
                    : "no interface holds " + uplink.addresses().get(0).getHostAddress());
        }
        Path dir = sysClassNet.resolve(name.get());
        String operstate = read(dir.resolve("operstate")).orElse("missing");
        // Reading carrier of an administratively down interface fails (EINVAL): that is no carrier.
        String carrier = read(dir.resolve("carrier")).orElse("0");
        boolean ok = carrier.equals("1") && (operstate.equals("up") || operstate.equals("unknown"));
        return new Outcome(ok, name.get() + " operstate=" + operstate + " carrier=" + carrier);
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The interface an uplink's address is on now (it may move: look it up every time). */
    static Optional<String> interfaceOwning(List<InetAddress> addresses) {
        for (InetAddress a : addresses) {
            try {
                NetworkInterface nif = NetworkInterface.getByInetAddress(a);
                if (nif != null) {
                    String n = nif.getName();
                    // An address label such as eth0:1 names the address, not the device.
                    return Optional.of(n.indexOf(':') >= 0 ? n.substring(0, n.indexOf(':')) : n);
                }
            } catch (SocketException e) {
                // Try the next address.
            }
            if (a.isLoopbackAddress()) {
                return Optional.of("lo");
            }
        }
        return Optional.empty();
    }

    // ---- exec

    private Outcome exec(ProbeConfig probe, ProbeContext uplink, long deadlineNanos) {
        Map<String, String> env = new HashMap<>();
        env.put("UPLINK_NAME", uplink.uplink());
        env.put("UPLINK_INTERFACE", uplink.interfaceName().or(() -> interfaceOwning(uplink.addresses())).orElse(""));
        env.put("UPLINK_ADDRESS", uplink.preferredAddress().map(InetAddress::getHostAddress).orElse(""));
        CommandRunner.Result r = commands.run(probe.command(), env, deadlineNanos);
        if (!r.error().isEmpty()) {
            return Outcome.fail(r.error());
        }
        StringBuilder detail = new StringBuilder(r.timedOut() ? "killed at timeout " + format(probe.timeout())
                : "exit " + r.exit());
        String last = r.lastLine();
        if (!last.isEmpty()) {
            detail.append(": ").append(last);
        }
        if (r.bytes() > CommandRunner.KEPT) {
            detail.append(" [").append(r.bytes()).append(" bytes of output, first ").append(CommandRunner.KEPT).append(" kept]");
        }
        return new Outcome(r.exit() == 0 && !r.timedOut(), detail.toString());
    }

    // ---- network probes: every target in parallel, each with staggered tries

    private Outcome targets(ProbeConfig probe, ProbeContext uplink, long deadlineNanos) {
        List<ProbeTarget> targets = probe.targets();
        List<Callable<Outcome>> checks = new ArrayList<>();
        for (ProbeTarget t : targets) {
            checks.add(() -> target(probe, uplink, t, deadlineNanos));
        }
        List<Outcome> outcomes = new ArrayList<>();
        if (checks.size() == 1) {
            outcomes.add(call(checks.get(0)));
        } else {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Callable<Outcome> c : checks) {
                futures.add(submit(c));
            }
            for (int i = 0; i < futures.size(); i++) {
                outcomes.add(await(futures.get(i), deadlineNanos + LATE_NANOS, targets.get(i).text()));
            }
        }
        long good = outcomes.stream().filter(Outcome::ok).count();
        StringBuilder detail = new StringBuilder();
        for (Outcome o : outcomes) {
            detail.append(detail.length() == 0 ? "" : ", ").append(o.detail());
        }
        if (targets.size() > 1) {
            detail.append("; ").append(good).append('/').append(targets.size()).append(" up, quorum ").append(probe.quorum());
        }
        return new Outcome(good >= probe.quorum(), detail.toString());
    }

    private Outcome target(ProbeConfig probe, ProbeContext uplink, ProbeTarget t, long deadlineNanos) throws Exception {
        Optional<InetAddress> source = uplink.sourceFor(t.address());
        if (source.isEmpty()) {
            return Outcome.fail(t.text() + " no " + (t.address() instanceof Inet6Address ? "IPv6" : "IPv4")
                    + " address on the uplink to send from");
        }
        InetAddress src = source.get();
        Outcome o = switch (probe.kind()) {
            case ICMP -> icmp(t, src, probe.count(), probe.timeout(), deadlineNanos);
            case TCP -> tries(probe, deadlineNanos, d -> tcp(t, src, d));
            case DNS -> tries(probe, deadlineNanos, d -> dns(probe, t, src, d));
            case HTTP -> tries(probe, deadlineNanos, d -> http(probe, t, src, d));
            default -> Outcome.fail("not a network probe");
        };
        return new Outcome(o.ok(), t.text() + " " + o.detail());
    }

    /**
     * Starts up to {@code count} tries, one every timeout/(count+1), until one succeeds: a lost SYN
     * or query is retried within the round instead of failing it (the kernel's own retransmission
     * comes after a second, too late). A try that fails fast makes the next start at once.
     */
    private Outcome tries(ProbeConfig probe, long deadlineNanos, Try attempt) {
        int count = probe.count();
        if (count <= 1) {
            return call(() -> attempt.run(deadlineNanos));
        }
        long gap = probe.timeout().toNanos() / (count + 1);
        ExecutorCompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
        List<Future<Outcome>> started = new ArrayList<>();
        Outcome last = Outcome.fail("timed out");
        int finished = 0;
        long nextStart = System.nanoTime();
        try {
            while (true) {
                long now = System.nanoTime();
                if (started.size() < count && (now >= nextStart || finished == started.size()) && now < deadlineNanos) {
                    int number = started.size() + 1;
                    try {
                        started.add(done.submit(() -> {
                            Outcome o = attempt.run(deadlineNanos);
                            return o.ok() && number > 1 ? Outcome.ok(o.detail() + " (try " + number + ")") : o;
                        }));
                    } catch (RejectedExecutionException e) {
                        return Outcome.fail("no thread for the probe");
                    }
                    nextStart = now + gap;
                }
                if ((finished == started.size() && started.size() == count) || now >= deadlineNanos) {
                    break;
                }
                long until = started.size() < count ? Math.min(nextStart, deadlineNanos) : deadlineNanos;
                Future<Outcome> f = done.poll(Math.max(0, until - now), TimeUnit.NANOSECONDS);
                if (f != null) {
                    finished++;
                    Outcome o = result(f);
                    if (o.ok()) {
                        return o;
                    }
                    last = o;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            started.forEach(f -> f.cancel(true));
        }
        return new Outcome(false, last.detail() + (count > 1 ? " (" + started.size() + " tries)" : ""));
    }

    // ---- icmp

    private Outcome icmp(ProbeTarget t, InetAddress src, int count, Duration timeout, long deadlineNanos) {
        double seconds = timeout.toNanos() / 1e9;
        double gap = Math.max(0.002, seconds / (count + 1));
        List<String> argv = List.of("ping", "-n", "-c", Integer.toString(count), "-i", format(gap), "-W", format(seconds),
                "-I", src.getHostAddress(), t.address().getHostAddress());
        CommandRunner.Result r = commands.run(argv, Map.of("LC_ALL", "C"), deadlineNanos);
        if (!r.error().isEmpty()) {
            return Outcome.fail(r.error());
        }
        Set<Integer> replies = new TreeSet<>();
        Matcher m = ICMP_REPLY.matcher("");
        for (String line : r.output().split("\n")) {
            if (m.reset(line).find()) {
                replies.add(Integer.parseInt(m.group(1)));
            }
        }
        String detail = replies.size() + "/" + count;
        if (replies.isEmpty() && r.output().contains("ping:")) {
            // ping's own complaint (no permission, cannot bind the source) says more than 0/3.
            detail += " (" + r.output().lines().filter(l -> l.startsWith("ping:")).findFirst().orElse("").strip() + ")";
        }
        return new Outcome(!replies.isEmpty(), detail);
    }

    // ---- tcp

    private static Outcome tcp(ProbeTarget t, InetAddress src, long deadlineNanos) {
        int ms = remainingMillis(deadlineNanos);
        if (ms <= 0) {
            return Outcome.fail("timed out");
        }
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(src, 0));
            s.connect(new InetSocketAddress(t.address(), t.port()), ms);
            return Outcome.ok("connected in " + millis(System.nanoTime() - start));
        } catch (SocketTimeoutException e) {
            return Outcome.fail("timed out");
        } catch (IOException e) {
            return Outcome.fail(String.valueOf(e.getMessage()));
        }
    }

    // ---- dns

    private static Outcome dns(ProbeConfig probe, ProbeTarget t, InetAddress src, long deadlineNanos) {
        int ms = remainingMillis(deadlineNanos);
        if (ms <= 0) {
            return Outcome.fail("timed out");
        }
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(t.address(), t.port()));
        resolver.setLocalAddress(new InetSocketAddress(src, 0));
        resolver.setTimeout(Duration.ofMillis(ms));
        Message query = Message.newQuery(Record.newRecord(probe.query().orElseThrow(), probe.queryType(), DClass.IN));
        try {
            Message response = resolver.send(query);
            int rcode = response.getRcode();
            int answers = response.getSection(Section.ANSWER).size();
            if (rcode != Rcode.NOERROR) {
                return Outcome.fail(Rcode.string(rcode));
            }
            return answers > 0 ? Outcome.ok("NOERROR " + answers + " answer(s)") : Outcome.fail("NOERROR without an answer");
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            return Outcome.fail(msg.toLowerCase(Locale.ROOT).contains("timed out") ? "timed out" : msg);
        }
    }

    // ---- http (a plain socket: java.net.http cannot bind a source address)

    private static Outcome http(ProbeConfig probe, ProbeTarget t, InetAddress src, long deadlineNanos) {
        int ms = remainingMillis(deadlineNanos);
        if (ms <= 0) {
            return Outcome.fail("timed out");
        }
        String host = probe.host().orElseGet(() -> t.endpoint(t.port() == 80 ? 0 : t.port()));
        String request = "GET " + probe.path() + " HTTP/1.1\r\nHost: " + host
                + "\r\nUser-Agent: uplinkdns-health\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(src, 0));
            s.connect(new InetSocketAddress(t.address(), t.port()), ms);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = statusLine(s, deadlineNanos);
            Matcher m = HTTP_STATUS.matcher(line);
            if (!m.matches()) {
                return Outcome.fail("not an HTTP response: " + printable(line));
            }
            int status = Integer.parseInt(m.group(1));
            return new Outcome(status == probe.status(), "status " + status
                    + (status == probe.status() ? "" : ", expected " + probe.status()));
        } catch (SocketTimeoutException e) {
            return Outcome.fail("timed out");
        } catch (IOException e) {
            return Outcome.fail(String.valueOf(e.getMessage()));
        }
    }

    /** Reads the status line, never past the deadline (a server dripping bytes cannot stretch it). */
    private static String statusLine(Socket s, long deadlineNanos) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        while (line.length() < MAX_STATUS_LINE) {
            int ms = remainingMillis(deadlineNanos);
            if (ms <= 0) {
                throw new SocketTimeoutException("timed out");
            }
            s.setSoTimeout(ms);
            int c = in.read();
            if (c < 0 || c == '\n') {
                break;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String printable(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 60 ? t.substring(0, 60) + "..." : t;
    }

    // ---- helpers

    private Future<Outcome> submit(Callable<Outcome> c) {
        try {
            return pool.submit(c);
        } catch (RejectedExecutionException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(Outcome.fail("no thread for the probe"));
        }
    }

    private static Outcome await(Future<Outcome> f, long untilNanos, String what) {
        try {
            return f.get(Math.max(0, untilNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            return Outcome.fail(what + " no result by the deadline");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return Outcome.fail(what + " interrupted");
        } catch (ExecutionException e) {
            return Outcome.fail(what + " error: " + e.getCause());
        }
    }

    private static Outcome result(Future<Outcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.fail("interrupted");
        } catch (ExecutionException e) {
            return Outcome.fail("error: " + e.getCause());
        }
    }

    private static Outcome call(Callable<Outcome> c) {
        try {
            return c.call();
        } catch (Exception e) {
            return Outcome.fail("error: " + e);
        }
    }

    private static int remainingMillis(long deadlineNanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, ms));
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
    }

    private static String format(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    private static String format(Duration d) {
        return d.toMillis() + "ms";
    }
}
