package org.uplinkdns.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.uplinkdns.config.ProbeConfig.Kind;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Validates the {@code health} sections: the top-level defaults and policy, and each uplink's own
 * settings. A setting is looked up probe, then uplink, then top level, then built-in default, and
 * every error points at the line the offending value came from.
 */
final class HealthValidator {
    static final int MAX_TARGETS = 16;
    static final int MAX_PROBES = 16;
    static final int MAX_COUNT = 10;
    static final int MAX_THRESHOLD = 100;
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
    private static final long MAX_TTL = 0x7fffffffL;
    private static final Pattern PROBE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    private static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final String KINDS = Arrays.stream(Kind.values()).map(Kind::word).collect(Collectors.joining(", "));

    /** A value together with the line it came from (0: built-in default). */
    private record Setting<T>(T value, int line) {
        String where() {
            return line > 0 ? "line " + line : "the default";
        }
    }

    /** The settings in force at one level of the cascade. */
    private record Level(
            Setting<Integer> rise,
            Setting<Integer> fall,
            Setting<Duration> interval,
            Setting<Duration> timeout,
            Setting<Integer> quorum,
            Setting<Integer> count,
            Setting<Boolean> failOpen,
            List<RawConfig.Probe> probes) {}

    private static final Level BUILT_IN = new Level(
            new Setting<>(UplinkHealthConfig.DEFAULT_RISE, 0),
            new Setting<>(UplinkHealthConfig.DEFAULT_FALL, 0),
            new Setting<>(UplinkHealthConfig.DEFAULT_INTERVAL, 0),
            new Setting<>(UplinkHealthConfig.DEFAULT_TIMEOUT, 0),
            new Setting<>(UplinkHealthConfig.DEFAULT_QUORUM, 0),
            new Setting<>(UplinkHealthConfig.DEFAULT_COUNT, 0),
            new Setting<>(true, 0),
            List.of());

    private final Path file;
    private final List<ConfigProblem> problems;
    private final HostResolver resolver;
    private final Map<String, Resolution> resolved = new HashMap<>();

    /** The outcome of resolving one host name, kept so a name used by several uplinks is looked up once. */
    private record Resolution(Optional<InetAddress> address, String error) {}

    HealthValidator(Path file, List<ConfigProblem> problems, HostResolver resolver) {
        this.file = file;
        this.problems = problems;
        this.resolver = resolver;
    }

    private void problem(int line, String message) {
        ConfigProblem p = new ConfigProblem(file, line, message);
        // Top-level probes are checked once per uplink; report each mistake once.
        if (!problems.contains(p)) {
            problems.add(p);
        }
    }

    HealthConfig validate(RawConfig raw) {
        Level global = level(raw.health, BUILT_IN);
        HealthPolicy policy = policy(raw.health == null ? null : raw.health.policy);
        Map<String, UplinkHealthConfig> uplinks = new LinkedHashMap<>();
        for (RawConfig.Uplink u : raw.uplinks == null ? List.<RawConfig.Uplink>of() : raw.uplinks) {
            if (u == null || u.name == null || u.name.value() == null) {
                continue;
            }
            Level level = level(u.health, global);
            uplinks.put(u.name.value(), uplink(u.name.value(), level));
        }
        return new HealthConfig(uplinks, policy);
    }

    private Level level(RawConfig.Health h, Level parent) {
        if (h == null) {
            return parent;
        }
        return new Level(
                integer(h.rise, "rise", 1, MAX_THRESHOLD, parent.rise()),
                integer(h.fall, "fall", 1, MAX_THRESHOLD, parent.fall()),
                duration(h.interval, "interval", MIN_INTERVAL, MAX_INTERVAL, parent.interval()),
                duration(h.timeout, "timeout", MIN_TIMEOUT, MAX_INTERVAL, parent.timeout()),
                integer(h.quorum, "quorum", 1, MAX_TARGETS, parent.quorum()),
                integer(h.count, "count", 1, MAX_COUNT, parent.count()),
                bool(h.failOpen, "fail-open", parent.failOpen()),
                h.probes == null ? parent.probes() : h.probes);
    }

    private HealthPolicy policy(RawConfig.Policy p) {
        if (p == null) {
            return HealthPolicy.DEFAULTS;
        }
        boolean replace = true;
        if (p.selfOnDead != null) {
            String v = String.valueOf(p.selfOnDead.value()).trim().toLowerCase(Locale.ROOT);
            switch (v) {
                case "replace" -> replace = true;
                case "keep" -> replace = false;
                default -> problem(p.selfOnDead.line(), "'self-on-dead' must be 'replace' (answer with the healthy uplinks)"
                        + " or 'keep' (answer with the dead uplink's own address), not '" + p.selfOnDead.value() + "'");
            }
        }
        OptionalLong ttl = OptionalLong.empty();
        if (p.degradedTtl != null) {
            Setting<Integer> t = integer(p.degradedTtl, "degraded-ttl", 0, MAX_TTL, new Setting<>(-1, 0));
            if (t.value() >= 0) {
                ttl = OptionalLong.of(t.value());
            }
        }
        return new HealthPolicy(replace, ttl);
    }

    private UplinkHealthConfig uplink(String uplink, Level level) {
        Duration interval = level.interval().value();
        Duration timeout = level.timeout().value();
        if (timeout.compareTo(interval) >= 0) {
            int line = level.timeout().line() > 0 ? level.timeout().line() : level.interval().line();
            problem(line, "uplink " + uplink + ": 'timeout' " + Durations.format(timeout) + " (" + level.timeout().where()
                    + ") must be shorter than 'interval' " + Durations.format(interval) + " (" + level.interval().where()
                    + "): a round must end before the next one starts");
        }
        List<RawConfig.Probe> raws = level.probes().stream().filter(p -> p != null).toList();
        if (raws.size() > MAX_PROBES) {
            problem(raws.get(MAX_PROBES).line, "uplink " + uplink + " has " + raws.size() + " probes; at most "
                    + MAX_PROBES + " are allowed");
        }
        List<ProbeConfig> probes = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (RawConfig.Probe raw : raws) {
            ProbeConfig p = probe(uplink, raw, level);
            if (p == null) {
                continue;
            }
            Integer first = names.putIfAbsent(p.name(), p.line());
            if (first != null) {
                problem(p.line(), "uplink " + uplink + " has two probes named '" + p.name() + "' (first at line " + first
                        + "): give each a distinct 'name'");
                continue;
            }
            probes.add(p);
        }
        return new UplinkHealthConfig(level.rise().value(), level.fall().value(), interval, level.failOpen().value(), probes);
    }

    private ProbeConfig probe(String uplink, RawConfig.Probe p, Level level) {
        if (p.kind == null || p.kind.value() == null || p.kind.value().isBlank()) {
            problem(p.line, "probe needs a 'kind': one of " + KINDS);
            return null;
        }
        Kind kind;
        try {
            kind = Kind.valueOf(p.kind.value().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem(p.kind.line(), "unknown probe kind '" + p.kind.value() + "' (expected one of: " + KINDS + ")");
            return null;
        }
        String what = "uplink " + uplink + ": " + kind.word() + " probe";
        String name = kind.word();
        if (p.name != null && p.name.value() != null) {
            name = p.name.value();
            if (!PROBE_NAME.matcher(name).matches()) {
                problem(p.name.line(), "probe name '" + name + "' must be 1-32 letters, digits, '-' or '_'");
            }
        }
        Duration roundInterval = level.interval().value();
        Setting<Duration> interval = duration(p.interval, "interval", MIN_INTERVAL, MAX_INTERVAL, level.interval());
        if (interval.value().compareTo(roundInterval) < 0) {
            problem(interval.line(), what + ": 'interval' " + Durations.format(interval.value())
                    + " is shorter than the uplink's round interval " + Durations.format(roundInterval) + " ("
                    + level.interval().where() + "): a probe runs at most once per round; lower the uplink's interval");
        }
        Setting<Duration> timeout = duration(p.timeout, "timeout", MIN_TIMEOUT, MAX_INTERVAL, level.timeout());
        if (p.timeout != null && timeout.value().compareTo(roundInterval) >= 0) {
            problem(timeout.line(), what + ": 'timeout' " + Durations.format(timeout.value())
                    + " must be shorter than the round interval " + Durations.format(roundInterval) + " ("
                    + level.interval().where() + ")");
        }
        forbid(!kind.network(), p.targets == null ? null : p.targets.stream().filter(t -> t != null).findFirst().orElse(null),
                "targets", what);
        forbid(!kind.network(), p.quorum, "quorum", what);
        forbid(!kind.network(), p.count, "count", what);
        forbid(kind != Kind.TCP && kind != Kind.DNS && kind != Kind.HTTP, p.port, "port", what);
        forbid(kind != Kind.DNS, p.query, "query", what);
        forbid(kind != Kind.DNS, p.type, "type", what);
        forbid(kind != Kind.HTTP, p.path, "path", what);
        forbid(kind != Kind.HTTP, p.host, "host", what);
        forbid(kind != Kind.HTTP, p.status, "status", what);
        forbid(kind != Kind.EXEC, p.command == null || p.command.isEmpty() ? null : p.command.get(0), "command", what);

        List<ProbeTarget> targets = List.of();
        int quorum = 1;
        int count = 1;
        int port = 0;
        if (kind.network()) {
            if (p.port != null) {
                port = integer(p.port, "port", 1, 65535, new Setting<>(0, 0)).value();
            }
            targets = targets(p, what);
            if (targets.isEmpty() && (p.targets == null || p.targets.stream().allMatch(t -> t == null))) {
                problem(p.line, what + " needs 'targets': one or more IP addresses (or host names, resolved at load)");
            }
            Setting<Integer> q = integer(p.quorum, "quorum", 1, MAX_TARGETS, level.quorum());
            quorum = q.value();
            if (!targets.isEmpty() && quorum > targets.size()) {
                problem(q.line() > 0 ? q.line() : p.line, what + ": 'quorum' " + quorum + " (" + q.where() + ") exceeds its "
                        + targets.size() + " target(s): lower the quorum or add targets");
            }
            count = integer(p.count, "count", 1, MAX_COUNT, level.count()).value();
            if (kind == Kind.TCP && port == 0) {
                for (ProbeTarget t : targets) {
                    if (t.port() == 0) {
                        problem(p.line, what + ": target " + t.text() + " has no port: write it as address:port or set 'port'");
                    }
                }
            }
            int defaultPort = switch (kind) {
                case DNS -> 53;
                case HTTP -> 80;
                default -> 0;
            };
            int fill = port > 0 ? port : defaultPort;
            targets = targets.stream().map(t -> t.port() == 0 && fill > 0 ? new ProbeTarget(t.text(), t.address(), fill) : t)
                    .toList();
        }

        Optional<Name> query = Optional.empty();
        int queryType = Type.A;
        if (kind == Kind.DNS) {
            if (p.query == null || p.query.value() == null || p.query.value().isBlank()) {
                problem(p.line, what + " needs 'query': the name to ask for");
            } else {
                try {
                    String q = p.query.value().trim();
                    query = Optional.of(Name.fromString(q.endsWith(".") ? q : q + "."));
                } catch (TextParseException e) {
                    problem(p.query.line(), what + ": '" + p.query.value() + "' is not a valid domain name");
                }
            }
            if (p.type != null && p.type.value() != null) {
                int t = Type.value(p.type.value().trim().toUpperCase(Locale.ROOT));
                if (t < 0 || t == Type.ANY || t == Type.AXFR || t == Type.IXFR) {
                    problem(p.type.line(), what + ": 'type' must be a record type such as A, AAAA, SOA or NS, not '"
                            + p.type.value() + "'");
                } else {
                    queryType = t;
                }
            }
        }

        String path = "/";
        Optional<String> host = Optional.empty();
        int status = 200;
        if (kind == Kind.HTTP) {
            if (p.path != null && p.path.value() != null) {
                path = p.path.value().trim();
                if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                    problem(p.path.line(), what + ": 'path' must start with '/' and hold no spaces or control characters");
                }
            }
            if (p.host != null && p.host.value() != null) {
                String h = p.host.value().trim();
                if (h.isEmpty() || h.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                    problem(p.host.line(), what + ": 'host' must be a plain host name (it becomes the Host header)");
                }
                host = Optional.of(h);
            }
            if (p.status != null) {
                status = integer(p.status, "status", 100, 599, new Setting<>(200, 0)).value();
            }
        }

        List<String> command = List.of();
        if (kind == Kind.EXEC) {
            List<String> words = p.command == null ? List.of()
                    : p.command.stream().filter(s -> s != null && s.value() != null).map(Scalar::value).toList();
            if (words.isEmpty() || words.get(0).isBlank()) {
                problem(p.line, what + " needs 'command': a shell command line, or a list (program and arguments)");
            } else if (words.size() == 1) {
                command = List.of("/bin/sh", "-c", words.get(0));
            } else {
                command = words;
            }
        }
        return new ProbeConfig(name, kind, targets, quorum, count, interval.value(), timeout.value(), query, queryType,
                path, host, status, command, p.line);
    }

    private void forbid(boolean forbidden, Scalar s, String key, String what) {
        if (forbidden && s != null) {
            problem(s.line(), what + " takes no '" + key + "'");
        }
    }

    private List<ProbeTarget> targets(RawConfig.Probe p, String what) {
        List<ProbeTarget> result = new ArrayList<>();
        List<Scalar> raw = p.targets == null ? List.of() : p.targets.stream().filter(t -> t != null).toList();
        if (raw.size() > MAX_TARGETS) {
            problem(raw.get(MAX_TARGETS).line(), what + " has " + raw.size() + " targets; at most " + MAX_TARGETS
                    + " are allowed");
            return result;
        }
        for (Scalar s : raw) {
            target(s, what).ifPresent(result::add);
        }
        return result;
    }

    /** Parses {@code address}, {@code address:port}, {@code [v6]:port}, {@code name} or {@code name:port}. */
    private Optional<ProbeTarget> target(Scalar s, String what) {
        String text = s.value() == null ? "" : s.value().trim();
        String host = text;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                problem(s.line(), what + ": target '" + text + "' has '[' without ']'");
                return Optional.empty();
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    problem(s.line(), what + ": target '" + text + "' must be [address]:port");
                    return Optional.empty();
                }
                portText = rest.substring(1);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            portText = text.substring(text.indexOf(':') + 1);
        }
        int port = 0;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                problem(s.line(), what + ": target '" + text + "' has an invalid port (1-65535)");
                return Optional.empty();
            }
        }
        Optional<InetAddress> address = Addresses.parseLiteral(host);
        if (address.isEmpty()) {
            if (host.indexOf(':') >= 0 || !HOST_NAME.matcher(host).matches() || host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
                problem(s.line(), what + ": target '" + text + "' is neither an IP address nor a host name");
                return Optional.empty();
            }
            Resolution r = resolved.computeIfAbsent(host.toLowerCase(Locale.ROOT), this::resolve);
            if (r.address().isEmpty()) {
                problem(s.line(), what + ": target '" + host + "' does not resolve (" + r.error()
                        + "): use an IP address, which also spares every load a lookup");
                return Optional.empty();
            }
            address = r.address();
        }
        return Optional.of(new ProbeTarget(text, address.get(), port));
    }

    private Resolution resolve(String host) {
        try {
            InetAddress[] all = resolver.resolve(host);
            if (all == null || all.length == 0) {
                return new Resolution(Optional.empty(), "no addresses");
            }
            // Keep the bare address: nothing later should trigger a lookup behind the operator's back.
            return new Resolution(Optional.of(InetAddress.getByAddress(all[0].getAddress())), "");
        } catch (UnknownHostException e) {
            String why = e.getMessage() == null || e.getMessage().contains(host) ? "unknown host" : e.getMessage();
            return new Resolution(Optional.empty(), why);
        }
    }

    private Setting<Integer> integer(Scalar s, String key, long min, long max, Setting<Integer> parent) {
        if (s == null) {
            return parent;
        }
        try {
            long v = Long.parseLong(String.valueOf(s.value()).trim());
            if (v < min || v > max) {
                problem(s.line(), "'" + key + "' must be between " + min + " and " + max + ", not " + v);
                return parent;
            }
            return new Setting<>((int) v, s.line());
        } catch (NumberFormatException e) {
            problem(s.line(), "'" + key + "' must be a whole number, not '" + s.value() + "'");
            return parent;
        }
    }

    private Setting<Duration> duration(Scalar s, String key, Duration min, Duration max, Setting<Duration> parent) {
        if (s == null) {
            return parent;
        }
        Optional<Duration> d = Durations.parse(s.value());
        if (d.isEmpty()) {
            problem(s.line(), "'" + key + "' must be a duration such as 500ms, 1s or 2m, not '" + s.value() + "'");
            return parent;
        }
        if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            problem(s.line(), "'" + key + "' must be between " + Durations.format(min) + " and " + Durations.format(max)
                    + ", not " + s.value());
            return parent;
        }
        return new Setting<>(d.get(), s.line());
    }

    private Setting<Boolean> bool(Scalar s, String key, Setting<Boolean> parent) {
        if (s == null) {
            return parent;
        }
        String v = String.valueOf(s.value()).trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return new Setting<>(v.equals("true"), s.line());
        }
        problem(s.line(), "'" + key + "' must be true or false, not '" + s.value() + "'");
        return parent;
    }
}
