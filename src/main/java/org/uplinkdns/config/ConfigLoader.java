package org.uplinkdns.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Reads and validates a config file; see the package documentation. */
public final class ConfigLoader {
    private static final Pattern UPLINK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");
    private static final long MAX_TTL = 0x7fffffffL;
    private static final Pattern YAML_MARK = Pattern.compile("^ in '[^']*', line (\\d+), column \\d+:?$");

    private final ObjectMapper mapper;

    public ConfigLoader() {
        YAMLFactory yaml = new YAMLFactory();
        yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper = new ObjectMapper(yaml)
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .registerModule(new LineRecordingModule());
    }

    /** Reads {@code file}; throws with every problem found when it cannot be used. */
    public Config load(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "no such file"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "cannot read: " + e.getMessage()));
        }
        ConfigProblem notText = TextCheck.firstNonText(file, bytes);
        if (notText != null) {
            throw new ConfigException(notText);
        }
        RawConfig raw;
        try {
            raw = mapper.readValue(bytes, RawConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(new ConfigProblem(file, lineOf(e),
                    "unknown key '" + e.getPropertyName() + "'" + (known.isEmpty() ? "" : " (expected one of: " + known + ")")));
        } catch (JsonProcessingException e) {
            throw new ConfigException(new ConfigProblem(file, lineOf(e), yamlReason(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "cannot read: " + e.getMessage()));
        }
        if (raw == null) {
            throw new ConfigException(new ConfigProblem(file, 0, "the file is empty"));
        }
        return new Validator(file).validate(raw);
    }

    private static int lineOf(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    /**
     * The YAML parser's message without its source excerpts: the problem first, then the context
     * it was found in ("expected ',' or ']', but got <scalar> (while parsing a flow sequence that
     * starts at line 2)").
     */
    static String yamlReason(String message) {
        if (message == null) {
            return "cannot parse";
        }
        List<String> parts = new ArrayList<>();
        List<Integer> marks = new ArrayList<>();
        for (String l : message.split("\n")) {
            java.util.regex.Matcher m = YAML_MARK.matcher(l);
            if (m.find()) {
                marks.add(Integer.parseInt(m.group(1)));
            } else if (!l.isBlank() && !l.startsWith(" ")) {
                parts.add(l.strip());
            }
        }
        if (parts.size() >= 2 && parts.get(0).startsWith("while ") && !marks.isEmpty()) {
            return parts.get(1) + " (" + parts.get(0) + " that starts at line " + marks.get(0) + ")";
        }
        return parts.isEmpty() ? message.strip() : parts.get(0);
    }

    /** Turns the raw binding into records, collecting every problem before failing. */
    private static final class Validator {
        private final Path file;
        private final Path dir;
        private final List<ConfigProblem> problems = new ArrayList<>();

        Validator(Path file) {
            this.file = file;
            Path parent = file.toAbsolutePath().getParent();
            this.dir = parent == null ? Path.of(".") : parent;
        }

        private void problem(int line, String message) {
            problems.add(new ConfigProblem(file, line, message));
        }

        Config validate(RawConfig raw) throws ConfigException {
            int port = 53;
            if (raw.port != null) {
                port = (int) integer(raw.port, "port", 0, 65535, 53);
            }
            List<UplinkConfig> uplinks = uplinks(raw);
            List<InetAddress> listen = listen(raw, uplinks);
            List<ZoneConfig> zones = zones(raw, uplinks);
            List<SelfRecordConfig> self = selfRecords(raw, zones);
            TcpConfig tcp = tcp(raw.tcp);
            RrlConfig rrl = rrl(raw.rrl);
            TransferConfig transfer = transfer(raw.transfer);
            ChaosConfig chaos = chaos(raw.chaos);
            if (!problems.isEmpty()) {
                problems.sort(java.util.Comparator.comparingInt(ConfigProblem::line));
                throw new ConfigException(problems);
            }
            return new Config(file, port, List.copyOf(uplinks), List.copyOf(listen), List.copyOf(zones),
                    List.copyOf(self), tcp, rrl, transfer, chaos);
        }

        private List<UplinkConfig> uplinks(RawConfig raw) {
            List<UplinkConfig> result = new ArrayList<>();
            if (raw.uplinks == null || raw.uplinks.isEmpty()) {
                problem(raw.line, "at least one uplink is required under 'uplinks'");
                return result;
            }
            Map<String, Integer> names = new HashMap<>();
            Map<InetAddress, Integer> addresses = new HashMap<>();
            Map<String, Integer> interfaces = new HashMap<>();
            for (RawConfig.Uplink u : raw.uplinks) {
                if (u == null) {
                    continue;
                }
                String name = required(u.name, u.line, "uplink needs a 'name'");
                if (name != null) {
                    if (!UPLINK_NAME.matcher(name).matches()) {
                        problem(u.name.line(), "uplink name '" + name
                                + "' must be 1-32 letters, digits, '-' or '_', starting with a letter or digit");
                    } else if (name.equals(Config.INTERNAL_VIEW)) {
                        problem(u.name.line(), "uplink name '" + name + "' is reserved for the view of non-uplink listeners");
                    } else if (names.putIfAbsent(name, u.name.line()) != null) {
                        problem(u.name.line(), "duplicate uplink name '" + name + "' (first at line " + names.get(name) + ")");
                    }
                }
                Optional<InetAddress> address = Optional.empty();
                Optional<String> iface = Optional.empty();
                if (u.address != null && u.interfaceName != null) {
                    problem(u.line, "uplink '" + name + "' has both 'address' and 'interface': choose one");
                } else if (u.address == null && u.interfaceName == null) {
                    problem(u.line, "uplink '" + name + "' needs 'address' (a local IP address) or 'interface' (an interface name)");
                } else if (u.address != null) {
                    address = address(u.address, "address");
                    address.ifPresent(a -> {
                        Integer first = addresses.putIfAbsent(a, u.address.line());
                        if (first != null) {
                            problem(u.address.line(), "address " + a.getHostAddress()
                                    + " is already used by another uplink (line " + first + ")");
                        }
                    });
                } else {
                    String ifname = u.interfaceName.value();
                    if (ifname == null || !INTERFACE_NAME.matcher(ifname).matches() || ifname.equals(".") || ifname.equals("..")) {
                        problem(u.interfaceName.line(), "'" + ifname
                                + "' cannot be an interface name (1-15 letters, digits, '.', '-', '_' or ':')");
                    } else {
                        Integer first = interfaces.putIfAbsent(ifname, u.interfaceName.line());
                        if (first != null) {
                            problem(u.interfaceName.line(), "interface " + ifname
                                    + " is already used by another uplink (line " + first + ")");
                        }
                        iface = Optional.of(ifname);
                    }
                }
                Optional<Inet4Address> public4 = Optional.empty();
                Optional<Inet6Address> public6 = Optional.empty();
                for (Scalar p : u.publicAddresses == null ? List.<Scalar>of() : u.publicAddresses) {
                    Optional<InetAddress> a = address(p, "public");
                    if (a.isEmpty()) {
                        continue;
                    }
                    if (a.get() instanceof Inet4Address v4) {
                        if (public4.isPresent()) {
                            problem(p.line(), "uplink '" + name + "' has two public IPv4 addresses: give at most one per family");
                        }
                        public4 = Optional.of(v4);
                    } else if (a.get() instanceof Inet6Address v6) {
                        if (public6.isPresent()) {
                            problem(p.line(), "uplink '" + name + "' has two public IPv6 addresses: give at most one per family");
                        }
                        public6 = Optional.of(v6);
                    }
                }
                result.add(new UplinkConfig(name, address, iface, public4, public6, u.line));
            }
            return result;
        }

        private List<InetAddress> listen(RawConfig raw, List<UplinkConfig> uplinks) {
            Set<InetAddress> seen = new HashSet<>();
            for (UplinkConfig u : uplinks) {
                u.address().ifPresent(seen::add);
            }
            List<InetAddress> result = new ArrayList<>();
            for (Scalar s : raw.listen == null ? List.<Scalar>of() : raw.listen) {
                if (s == null) {
                    continue;
                }
                address(s, "listen").ifPresent(a -> {
                    if (!seen.add(a)) {
                        problem(s.line(), "address " + a.getHostAddress() + " is listed twice (as an uplink or listener)");
                    } else {
                        result.add(a);
                    }
                });
            }
            return result;
        }

        private List<ZoneConfig> zones(RawConfig raw, List<UplinkConfig> uplinks) {
            List<ZoneConfig> result = new ArrayList<>();
            if (raw.zones == null || raw.zones.isEmpty()) {
                problem(raw.line, "at least one zone is required under 'zones'");
                return result;
            }
            Set<String> viewNames = new LinkedHashSet<>();
            uplinks.forEach(u -> viewNames.add(u.name()));
            viewNames.add(Config.INTERNAL_VIEW);
            Map<Name, Integer> seen = new HashMap<>();
            for (RawConfig.Zone z : raw.zones) {
                if (z == null) {
                    continue;
                }
                Name name = name(z.name, z.line, "zone needs a 'name'");
                if (name != null) {
                    Integer first = seen.putIfAbsent(name, z.name.line());
                    if (first != null) {
                        problem(z.name.line(), "duplicate zone " + name + " (first at line " + first + ")");
                    }
                }
                Path path = readableFile(z.file, z.line, "zone " + (name == null ? "" : name + " ") + "needs a 'file'");
                Map<String, Path> views = new LinkedHashMap<>();
                if (z.views != null) {
                    for (Map.Entry<String, Scalar> e : z.views.entrySet()) {
                        int line = e.getValue() == null ? z.line : e.getValue().line();
                        if (!viewNames.contains(e.getKey())) {
                            problem(line, "unknown view '" + e.getKey() + "' (views are the uplink names and '"
                                    + Config.INTERNAL_VIEW + "': " + String.join(", ", viewNames) + ")");
                            continue;
                        }
                        Path viewPath = readableFile(e.getValue(), line, "view '" + e.getKey() + "' needs a file name");
                        if (viewPath != null) {
                            views.put(e.getKey(), viewPath);
                        }
                    }
                }
                if (name != null && path != null) {
                    result.add(new ZoneConfig(name, path, Map.copyOf(views), z.line));
                }
            }
            return result;
        }

        private List<SelfRecordConfig> selfRecords(RawConfig raw, List<ZoneConfig> zones) {
            List<SelfRecordConfig> result = new ArrayList<>();
            Map<Name, Integer> seen = new HashMap<>();
            for (RawConfig.Self s : raw.self == null ? List.<RawConfig.Self>of() : raw.self) {
                if (s == null) {
                    continue;
                }
                Name name = name(s.name, s.line, "self record needs a 'name'");
                if (name == null) {
                    continue;
                }
                Integer first = seen.putIfAbsent(name, s.name.line());
                if (first != null) {
                    problem(s.name.line(), "duplicate self record " + name + " (first at line " + first + ")");
                }
                if (zones.stream().noneMatch(z -> name.subdomain(z.name()))) {
                    problem(s.name.line(), "self record " + name + " is not inside any configured zone");
                }
                Set<Integer> types = new LinkedHashSet<>();
                if (s.types == null || s.types.isEmpty()) {
                    types.add(Type.A);
                    types.add(Type.AAAA);
                } else {
                    for (Scalar t : s.types) {
                        int type = t == null || t.value() == null ? -1 : Type.value(t.value().toUpperCase());
                        if (type == Type.A || type == Type.AAAA) {
                            types.add(type);
                        } else {
                            problem(t == null ? s.line : t.line(), "self record type must be A or AAAA, not '"
                                    + (t == null ? "" : t.value()) + "'");
                        }
                    }
                }
                long ttl = s.ttl == null ? 10 : integer(s.ttl, "ttl", 0, MAX_TTL, 10);
                result.add(new SelfRecordConfig(name, Set.copyOf(types), ttl, s.line));
            }
            return result;
        }

        private TcpConfig tcp(RawConfig.Tcp raw) {
            if (raw == null) {
                return TcpConfig.DEFAULTS;
            }
            TcpConfig d = TcpConfig.DEFAULTS;
            Duration idle = d.idleTimeout();
            if (raw.idleTimeout != null) {
                idle = duration(raw.idleTimeout, "idle-timeout", Duration.ofMillis(100), Duration.ofHours(1), idle);
            }
            Duration read = raw.readTimeout == null ? d.readTimeout()
                    : duration(raw.readTimeout, "read-timeout", Duration.ofMillis(100), Duration.ofMinutes(5), d.readTimeout());
            int max = raw.maxConnections == null ? d.maxConnections()
                    : (int) integer(raw.maxConnections, "max-connections", 1, 1_000_000, d.maxConnections());
            int perClient = raw.maxConnectionsPerClient == null ? d.maxConnectionsPerClient()
                    : (int) integer(raw.maxConnectionsPerClient, "max-connections-per-client", 1, 1_000_000,
                            d.maxConnectionsPerClient());
            int queries = raw.maxQueriesPerConnection == null ? d.maxQueriesPerConnection()
                    : (int) integer(raw.maxQueriesPerConnection, "max-queries-per-connection", 0, 1_000_000_000,
                            d.maxQueriesPerConnection());
            return new TcpConfig(idle, read, max, perClient, queries);
        }

        private RrlConfig rrl(RawConfig.Rrl raw) {
            RrlConfig d = RrlConfig.DEFAULTS;
            if (raw == null) {
                return d;
            }
            boolean enabled = raw.enabled == null || bool(raw.enabled, "enabled", true);
            int responses = raw.responsesPerSecond == null ? d.responsesPerSecond()
                    : (int) integer(raw.responsesPerSecond, "responses-per-second", 1, 1_000_000, d.responsesPerSecond());
            int errors = raw.errorsPerSecond == null ? d.errorsPerSecond()
                    : (int) integer(raw.errorsPerSecond, "errors-per-second", 1, 1_000_000, d.errorsPerSecond());
            Duration window = raw.window == null ? d.window()
                    : duration(raw.window, "window", Duration.ofSeconds(1), Duration.ofSeconds(3600), d.window());
            int slip = raw.slip == null ? d.slip() : (int) integer(raw.slip, "slip", 0, 10, d.slip());
            int v4 = raw.ipv4PrefixLength == null ? d.ipv4PrefixLength()
                    : (int) integer(raw.ipv4PrefixLength, "ipv4-prefix-length", 8, 32, d.ipv4PrefixLength());
            int v6 = raw.ipv6PrefixLength == null ? d.ipv6PrefixLength()
                    : (int) integer(raw.ipv6PrefixLength, "ipv6-prefix-length", 16, 128, d.ipv6PrefixLength());
            int table = raw.tableSize == null ? d.tableSize()
                    : (int) integer(raw.tableSize, "table-size", 64, 16_777_216, d.tableSize());
            return new RrlConfig(enabled, responses, errors, window, slip, v4, v6, table, prefixes(raw.exempt, "exempt"));
        }

        private TransferConfig transfer(RawConfig.Transfer raw) {
            if (raw == null) {
                return TransferConfig.NOBODY;
            }
            return new TransferConfig(prefixes(raw.allow, "allow"));
        }

        private ChaosConfig chaos(RawConfig.Chaos raw) {
            if (raw == null) {
                return ChaosConfig.OFF;
            }
            return new ChaosConfig(chaosText(raw.version, "version"), chaosText(raw.hostname, "hostname"));
        }

        private Optional<String> chaosText(Scalar s, String key) {
            if (s == null || s.value() == null || s.value().isEmpty()) {
                return Optional.empty();
            }
            if (s.value().length() > 255) {
                problem(s.line(), "'" + key + "' must be at most 255 characters (one TXT string)");
                return Optional.empty();
            }
            return Optional.of(s.value());
        }

        private List<Prefix> prefixes(List<Scalar> raw, String key) {
            List<Prefix> result = new ArrayList<>();
            for (Scalar s : raw == null ? List.<Scalar>of() : raw) {
                if (s == null) {
                    continue;
                }
                Optional<Prefix> p = Prefix.parse(s.value());
                if (p.isEmpty()) {
                    problem(s.line(), "'" + key + "' entries must be addresses or prefixes such as 192.0.2.0/24 or 2001:db8::/32, not '"
                            + s.value() + "'");
                } else {
                    result.add(p.get());
                }
            }
            return result;
        }

        private boolean bool(Scalar s, String key, boolean fallback) {
            String v = s.value() == null ? "" : s.value().trim().toLowerCase();
            switch (v) {
                case "true", "yes", "on" -> {
                    return true;
                }
                case "false", "no", "off" -> {
                    return false;
                }
                default -> {
                    problem(s.line(), "'" + key + "' must be true or false, not '" + s.value() + "'");
                    return fallback;
                }
            }
        }

        private String required(Scalar s, int line, String message) {
            if (s == null || s.value() == null || s.value().isBlank()) {
                problem(s == null ? line : s.line(), message);
                return null;
            }
            return s.value();
        }

        private Name name(Scalar s, int line, String message) {
            String text = required(s, line, message);
            if (text == null) {
                return null;
            }
            try {
                return Name.fromString(text.endsWith(".") ? text : text + ".").canonicalize();
            } catch (TextParseException e) {
                problem(s.line(), "'" + text + "' is not a valid domain name: " + e.getMessage());
                return null;
            }
        }

        private Optional<InetAddress> address(Scalar s, String key) {
            if (s == null || s.value() == null) {
                return Optional.empty();
            }
            Optional<InetAddress> a = Addresses.parseLiteral(s.value());
            if (a.isEmpty()) {
                problem(s.line(), "'" + key + "' must be an IPv4 or IPv6 address, not '" + s.value() + "'");
            }
            return a;
        }

        private Path readableFile(Scalar s, int line, String message) {
            String text = required(s, line, message);
            if (text == null) {
                return null;
            }
            Path p = dir.resolve(text).normalize();
            if (!Files.isRegularFile(p)) {
                problem(s.line(), "file " + p + " does not exist or is not a regular file");
                return null;
            }
            if (!Files.isReadable(p)) {
                problem(s.line(), "file " + p + " is not readable by this user");
                return null;
            }
            return p;
        }

        private long integer(Scalar s, String key, long min, long max, long fallback) {
            try {
                long v = Long.parseLong(s.value().trim());
                if (v < min || v > max) {
                    problem(s.line(), "'" + key + "' must be between " + min + " and " + max + ", not " + v);
                    return fallback;
                }
                return v;
            } catch (RuntimeException e) {
                problem(s.line(), "'" + key + "' must be a whole number, not '" + s.value() + "'");
                return fallback;
            }
        }

        private Duration duration(Scalar s, String key, Duration min, Duration max, Duration fallback) {
            Optional<Duration> d = Durations.parse(s.value());
            if (d.isEmpty()) {
                problem(s.line(), "'" + key + "' must be a duration such as 500ms, 10s or 2m, not '" + s.value() + "'");
                return fallback;
            }
            if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
                problem(s.line(), "'" + key + "' must be between " + Durations.format(min) + " and "
                        + Durations.format(max) + ", not " + s.value());
                return fallback;
            }
            return d.get();
        }
    }
}
