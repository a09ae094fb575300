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
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    /** A domain-spec as SPF writes it: printable ASCII without quotes or backslashes (macros allowed). */
    private static final String SPF_SPEC = "[\\x21-\\x7e&&[^\"\\\\]]+";
    private static final Pattern SPF_TERM = Pattern.compile("[+?~-]?(?i:(?:include|exists):" + SPF_SPEC
            + "|(?:a|mx)(?::" + SPF_SPEC + ")?(?:/" + SPF_SPEC + ")?|ptr(?::" + SPF_SPEC + ")?)"
            + "|(?i:[a-z][a-z0-9_.-]*)=" + SPF_SPEC);
    /** Terms that cost the receiver a DNS lookup (RFC 7208 section 4.6.4). */
    private static final Pattern SPF_LOOKUP_TERM = Pattern.compile("[+?~-]?(?i:include:|exists:|a\\b|mx\\b|ptr\\b).*");
    private static final Pattern YAML_MARK = Pattern.compile("^ in '[^']*', line (\\d+), column \\d+:?$");

    private final ObjectMapper mapper;
    private final HostResolver resolver;

    public ConfigLoader() {
        this(HostResolver.system(HostResolver.TIMEOUT));
    }

    /** With {@code resolver} for probe target names (tests use one that never touches the network). */
    ConfigLoader(HostResolver resolver) {
        this.resolver = resolver;
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
        try (JsonParser parser = mapper.createParser(bytes)) {
            if (parser.nextToken() == null) {
                throw new ConfigException(new ConfigProblem(file, 0, "the file is empty"));
            }
            raw = mapper.readValue(parser, RawConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(new ConfigProblem(file, keyLine(bytes, e.getPropertyName(), lineOf(e)),
                    "unknown key '" + e.getPropertyName() + "'" + (known.isEmpty() ? "" : " (expected one of: " + known + ")")));
        } catch (JsonProcessingException e) {
            throw new ConfigException(new ConfigProblem(file, lineOf(e), yamlReason(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "cannot read: " + e.getMessage()));
        }
        if (raw == null) {
            throw new ConfigException(new ConfigProblem(file, 0, "the file is empty"));
        }
        return new Validator(file, resolver).validate(raw);
    }

    private static int lineOf(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    /**
     * Jackson reports an unknown key where its value starts: for a block value (a list or map on
     * the following lines) that is a later line. Walks back to the line holding the key itself.
     */
    private static int keyLine(byte[] bytes, String key, int reported) {
        List<String> lines = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        Pattern keyPattern = Pattern.compile("^\\s*(?:-\\s+)?[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
        for (int i = Math.min(reported, lines.size()); i >= 1; i--) {
            if (keyPattern.matcher(lines.get(i - 1)).find()) {
                return i;
            }
        }
        return reported;
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
        /** Every zone name given, also of zones rejected for another reason (no cascading errors). */
        private final Set<Name> zoneNames = new HashSet<>();
        private final HostResolver resolver;

        Validator(Path file, HostResolver resolver) {
            this.file = file;
            this.resolver = resolver;
            Path parent = file.toAbsolutePath().getParent();
            this.dir = parent == null ? Path.of(".") : parent;
        }

        private void problem(int line, String message) {
            problems.add(new ConfigProblem(file, line, message));
        }

        Config validate(RawConfig raw) throws ConfigException {
            int port = 53;
            if (raw.port != null) {
                port = (int) integer(raw.port, "port", 0, 65535, 53); // 0: an ephemeral port per address (tests)
            }
            List<UplinkConfig> uplinks = uplinks(raw);
            List<InetAddress> listen = listen(raw, uplinks);
            List<ViewConfig> views = views(raw, uplinks);
            List<ZoneConfig> zones = zones(raw, uplinks, views);
            List<SelfRecordConfig> self = selfRecords(raw, zones);
            TcpConfig tcp = tcp(raw.tcp);
            Optional<MailConfig> mail = raw.mail == null ? Optional.empty() : mail(raw.mail, uplinks, zones, self);
            HealthConfig health = new HealthValidator(file, problems, resolver).validate(raw);
            ControlConfig control = control(raw.control);
            MetricsConfig metrics = metrics(raw.metrics);
            boolean queryLog = raw.log != null && bool(raw.log.queries, "queries", false);
            RrlConfig rrl = rrl(raw.rrl);
            TransferConfig transfer = transfer(raw.transfer);
            ChaosConfig chaos = chaos(raw.chaos);
            if (!problems.isEmpty()) {
                problems.sort(java.util.Comparator.comparingInt(ConfigProblem::line));
                throw new ConfigException(problems);
            }
            return new Config(file, port, List.copyOf(uplinks), List.copyOf(listen), List.copyOf(zones),
                    List.copyOf(self), tcp, mail, health, control, List.copyOf(views),
                    metrics, queryLog, rrl, transfer, chaos);
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
                    if (!isInterfaceName(ifname)) {
                        problem(u.interfaceName.line(), "'" + ifname + "' cannot be an interface name (1-15 letters,"
                                + " digits, '.', '-' or '_'; or an IPv4 address label such as eth0:1)");
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
                    if (a.isEmpty() || !handOutable(p, a.get(), name)) {
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

        /**
         * Linux device names are at most 15 bytes and hold no '/', ':' or blanks; we accept a safe
         * subset, plus {@code device:label} for an IPv4 address label (ip addr add ... label eth0:1).
         */
        private static boolean isInterfaceName(String ifname) {
            if (ifname == null || !INTERFACE_NAME.matcher(ifname).matches()) {
                return false;
            }
            int colon = ifname.indexOf(':');
            String device = colon < 0 ? ifname : ifname.substring(0, colon);
            return !device.isEmpty() && !device.equals(".") && !device.equals("..")
                    && (colon < 0 || (colon < ifname.length() - 1 && ifname.indexOf(':', colon + 1) < 0));
        }

        /**
         * A public address is what clients are told to connect to: it must be a unicast address of
         * the family it is written in (an IPv4-mapped IPv6 literal would silently become an A record).
         */
        private boolean handOutable(Scalar p, InetAddress a, String uplink) {
            String text = p.value().trim();
            if (text.indexOf(':') >= 0 && a instanceof Inet4Address) {
                problem(p.line(), "uplink '" + uplink + "' public address " + text + " is an IPv4-mapped IPv6 address:"
                        + " write the IPv4 address " + a.getHostAddress() + " for A answers, or a real IPv6 address for AAAA");
                return false;
            }
            if (a.isAnyLocalAddress() || a.isMulticastAddress() || a.isLinkLocalAddress() || a.isLoopbackAddress()) {
                problem(p.line(), "uplink '" + uplink + "' public address " + text
                        + " cannot be handed out to clients (unspecified, loopback, link-local or multicast):"
                        + " give the address the uplink is reached at from the Internet");
                return false;
            }
            return true;
        }

        private List<ViewConfig> views(RawConfig raw, List<UplinkConfig> uplinks) {
            List<ViewConfig> result = new ArrayList<>();
            Set<String> uplinkNames = new LinkedHashSet<>();
            uplinks.forEach(u -> uplinkNames.add(u.name()));
            Map<String, Integer> seen = new HashMap<>();
            for (RawConfig.View v : raw.views == null ? List.<RawConfig.View>of() : raw.views) {
                if (v == null) {
                    continue;
                }
                String name = required(v.name, v.line, "view needs a 'name'");
                if (name == null) {
                    continue;
                }
                int line = v.name.line();
                if (!UPLINK_NAME.matcher(name).matches()) {
                    problem(line, "view name '" + name + "' must be 1-32 letters, digits, '-' or '_', starting with a letter or digit");
                    continue;
                }
                if (name.equals(Config.INTERNAL_VIEW) || uplinkNames.contains(name)) {
                    problem(line, "view name '" + name + "' is taken by " + (name.equals(Config.INTERNAL_VIEW)
                            ? "the view of non-uplink listeners" : "an uplink") + ": choose another name");
                    continue;
                }
                Integer first = seen.putIfAbsent(name, line);
                if (first != null) {
                    problem(line, "duplicate view '" + name + "' (first at line " + first + ")");
                    continue;
                }
                List<Prefix> clients = new ArrayList<>();
                for (Scalar s : v.matchClients == null ? List.<Scalar>of() : v.matchClients) {
                    if (s != null) {
                        prefix(s, "match-clients").ifPresent(clients::add);
                    }
                }
                List<Prefix> destinations = new ArrayList<>();
                Set<String> destinationUplinks = new LinkedHashSet<>();
                for (Scalar s : v.matchDestinations == null ? List.<Scalar>of() : v.matchDestinations) {
                    if (s == null || s.value() == null) {
                        continue;
                    }
                    String text = s.value().trim();
                    if (uplinkNames.contains(text)) {
                        destinationUplinks.add(text);
                    } else if (text.indexOf('.') >= 0 || text.indexOf(':') >= 0) {
                        prefix(s, "match-destinations").ifPresent(destinations::add);
                    } else {
                        problem(s.line(), "match-destinations entry '" + text + "' is neither an address, a prefix nor an uplink name"
                                + (uplinkNames.isEmpty() ? "" : " (uplinks: " + String.join(", ", uplinkNames) + ")"));
                    }
                }
                boolean noClients = v.matchClients == null || v.matchClients.isEmpty();
                boolean noDestinations = v.matchDestinations == null || v.matchDestinations.isEmpty();
                if (noClients && noDestinations) {
                    problem(v.line, "view '" + name + "' needs 'match-clients' or 'match-destinations' (or both):"
                            + " a view matching every query would hide every uplink's own view");
                    continue;
                }
                result.add(new ViewConfig(name, clients, destinations, destinationUplinks, v.line));
            }
            return result;
        }

        private Optional<Prefix> prefix(Scalar s, String key) {
            Optional<Prefix> p = Prefix.parse(s.value());
            if (p.isEmpty()) {
                String hint = "";
                String text = s.value() == null ? "" : s.value().trim();
                int slash = text.indexOf('/');
                Optional<InetAddress> a = Addresses.parseLiteral(slash < 0 ? text : text.substring(0, slash));
                if (a.isPresent() && slash > 0 && text.substring(slash + 1).matches("\\d{1,3}")) {
                    int length = Integer.parseInt(text.substring(slash + 1));
                    if (length <= a.get().getAddress().length * 8) {
                        hint = ": the address has bits set past the prefix length, did you mean " + Prefix.of(a.get(), length) + "?";
                    }
                }
                problem(s.line(), "'" + key + "' entries must be an address or a prefix such as 192.0.2.0/24 or"
                        + " 2001:db8::/48, not '" + text + "'" + hint);
            }
            return p;
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

        private List<ZoneConfig> zones(RawConfig raw, List<UplinkConfig> uplinks, List<ViewConfig> clientViews) {
            List<ZoneConfig> result = new ArrayList<>();
            if (raw.zones == null || raw.zones.isEmpty()) {
                problem(raw.line, "at least one zone is required under 'zones'");
                return result;
            }
            Set<String> viewNames = new LinkedHashSet<>();
            uplinks.forEach(u -> viewNames.add(u.name()));
            viewNames.add(Config.INTERNAL_VIEW);
            clientViews.forEach(v -> viewNames.add(v.name()));
            Map<Name, Integer> seen = new HashMap<>();
            for (RawConfig.Zone z : raw.zones) {
                if (z == null) {
                    continue;
                }
                Name name = name(z.name, z.line, "zone needs a 'name'");
                if (name != null) {
                    zoneNames.add(name);
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
                            problem(line, "unknown view '" + e.getKey() + "' (views are the uplink names, '"
                                    + Config.INTERNAL_VIEW + "' and the names under 'views': " + String.join(", ", viewNames) + ")");
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
                if (zoneNames.stream().noneMatch(name::subdomain)) {
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

        private Optional<MailConfig> mail(RawConfig.Mail raw, List<UplinkConfig> uplinks, List<ZoneConfig> zones,
                List<SelfRecordConfig> self) {
            Name domain = name(raw.domain, raw.line, "mail needs a 'domain' (the domain the MX records are for)");
            if (domain == null) {
                return Optional.empty();
            }
            int before = problems.size();
            mailDomainPlace(domain, raw.domain.line(), zones);
            String pattern = raw.gateway == null || raw.gateway.value() == null
                    ? MailConfig.DEFAULT_PATTERN : raw.gateway.value().trim();
            int patternLine = raw.gateway == null ? raw.line : raw.gateway.line();
            Map<Name, Integer> targets = new LinkedHashMap<>();
            gatewayNames(pattern, patternLine, domain, uplinks.size(), targets);
            for (SelfRecordConfig s : self) {
                Integer at = targets.get(s.name());
                if (at != null) {
                    problem(s.line(), "self record " + s.name() + " is also a mail gateway name (mail gateway at line "
                            + at + "): a gateway name answers its own uplink's address in every view; rename one");
                }
            }
            int preference = raw.preference == null ? 10 : (int) integer(raw.preference, "preference", 0, 65535, 10);
            int step = raw.step == null ? 10 : (int) integer(raw.step, "step", 1, 65535, 10);
            long last = preference + (long) step * Math.max(0, uplinks.size() - 1);
            if (last > 65535) {
                problem(raw.step == null ? raw.line : raw.step.line(), "MX preferences would reach " + last + " for "
                        + uplinks.size() + " uplinks (preference " + preference + ", step " + step
                        + "); the highest allowed is 65535: lower 'preference' or 'step'");
            }
            long ttl = raw.ttl == null ? 60 : integer(raw.ttl, "ttl", 0, MAX_TTL, 60);
            List<MailConfig.ExtraMx> extra = new ArrayList<>();
            for (RawConfig.ExtraMx x : raw.extraMx == null ? List.<RawConfig.ExtraMx>of() : raw.extraMx) {
                if (x == null) {
                    continue;
                }
                Name target = name(x.target, x.line, "an extra-mx entry needs a 'target' (the MX host name)");
                Integer pref = x.preference == null ? null : (int) integer(x.preference, "preference", 0, 65535, 0);
                if (x.preference == null) {
                    problem(x.line, "extra-mx " + (target == null ? "entry" : target)
                            + " needs a 'preference' (0-65535; higher than the gateways' makes it a backup)");
                }
                if (target == null || pref == null) {
                    continue;
                }
                if (!isHostName(target, 0)) {
                    problem(x.target.line(), "extra-mx target " + target
                            + " is not a host name (letters, digits and '-' in each label)");
                    continue;
                }
                Integer first = targets.putIfAbsent(target, x.target.line());
                if (first != null) {
                    problem(x.target.line(), "duplicate MX target " + target + " (first at line " + first + ")");
                    continue;
                }
                extra.add(new MailConfig.ExtraMx(target, pref, x.line));
            }
            MailConfig.Spf spf = spf(raw.spf);
            if (problems.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new MailConfig(domain, pattern, preference, step, ttl, extra, spf, raw.line));
        }

        /**
         * A mail domain is either served here (inside a configured zone) or lies in the parent zone of
         * one, where {@code plan} prints its records and {@code check} can query them.
         */
        private void mailDomainPlace(Name domain, int line, List<ZoneConfig> zones) {
            if (zones.isEmpty() || zones.stream().anyMatch(z -> domain.subdomain(z.name()))) {
                return;
            }
            boolean inParent = zones.stream().anyMatch(z -> z.name().labels() > 2 && domain.subdomain(new Name(z.name(), 1)));
            if (!inParent) {
                String served = zones.stream().map(z -> z.name().toString()).collect(Collectors.joining(", "));
                String parents = zones.stream().filter(z -> z.name().labels() > 2)
                        .map(z -> new Name(z.name(), 1).toString()).distinct().collect(Collectors.joining(", "));
                problem(line, "mail domain " + domain + " is neither inside a served zone (" + served
                        + ") nor inside the parent zone of one" + (parents.isEmpty() ? "" : " (" + parents + ")")
                        + ": uplinkdns can neither serve its MX records nor plan them; serve its zone or choose a domain in "
                        + (parents.isEmpty() ? "a served zone" : parents));
            }
        }

        private void gatewayNames(String pattern, int line, Name domain, int uplinks, Map<Name, Integer> into) {
            long placeholders = pattern.chars().filter(c -> c == MailConfig.NUMBER_PLACEHOLDER).count();
            if (placeholders != 1) {
                problem(line, "mail gateway pattern '" + pattern + "' must contain exactly one uppercase "
                        + MailConfig.NUMBER_PLACEHOLDER + " (the uplink number), e.g. " + MailConfig.DEFAULT_PATTERN
                        + "; write the other letters in lowercase");
                return;
            }
            for (int n = 1; n <= uplinks; n++) {
                Name gateway;
                try {
                    gateway = MailConfig.gatewayName(pattern, n, domain);
                } catch (TextParseException e) {
                    problem(line, "mail gateway pattern '" + pattern + "' gives no valid name for uplink " + n + ": "
                            + e.getMessage());
                    return;
                }
                if (!gateway.subdomain(domain) || gateway.equals(domain)) {
                    problem(line, "mail gateway " + gateway + " (pattern '" + pattern + "') is not below the mail domain "
                            + domain + ": drop the trailing dot to make the pattern relative to the domain");
                    return;
                }
                if (!isHostName(gateway, domain.labels())) {
                    problem(line, "mail gateway pattern '" + pattern + "' gives " + gateway
                            + ", which is not a host name: each label needs letters, digits or '-', not starting or ending with '-'");
                    return;
                }
                into.put(gateway, line);
            }
        }

        /** RFC 952/1123 host name syntax for every label except the last {@code skipLast} ones. */
        private static boolean isHostName(Name name, int skipLast) {
            for (int i = 0; i < name.labels() - Math.max(1, skipLast); i++) {
                if (!HOST_LABEL.matcher(name.getLabelString(i)).matches()) {
                    return false;
                }
            }
            return name.labels() > 1;
        }

        private MailConfig.Spf spf(RawConfig.Spf raw) {
            if (raw == null) {
                return MailConfig.Spf.DISABLED;
            }
            boolean enabled = bool(raw.enabled, "enabled", true);
            String all = "~all";
            if (raw.all != null) {
                all = raw.all.value() == null ? "" : raw.all.value().trim();
                if (!all.equals("~all") && !all.equals("-all")) {
                    problem(raw.all.line(), "spf 'all' must be \"~all\" (soft fail) or \"-all\" (fail), not '" + all + "'");
                }
            }
            List<String> mechanisms = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            int lookups = 0;
            for (Scalar m : raw.mechanisms == null ? List.<Scalar>of() : raw.mechanisms) {
                if (m == null || m.value() == null) {
                    continue;
                }
                String term = m.value().trim();
                String problem = spfTermProblem(term);
                if (problem != null) {
                    problem(m.line(), problem);
                    continue;
                }
                Integer first = seen.putIfAbsent(term.toLowerCase(), m.line());
                if (first != null) {
                    problem(m.line(), "SPF term '" + term + "' is listed twice (first at line " + first + ")");
                    continue;
                }
                if (SPF_LOOKUP_TERM.matcher(term).matches()) {
                    lookups++;
                }
                mechanisms.add(term);
            }
            if (lookups > 10) {
                problem(raw.line, "SPF terms need " + lookups + " DNS lookups; receivers give up after 10 (RFC 7208 section 4.6.4):"
                        + " replace some include:, a, mx, ptr or exists: terms with ip4:/ip6: ranges");
            }
            return new MailConfig.Spf(enabled, mechanisms, all, raw.line);
        }

        /** Why {@code term} cannot be one of the configured SPF mechanisms, or null when it can. */
        private static String spfTermProblem(String term) {
            String bare = term.replaceFirst("^[+?~-]", "");
            String lower = bare.toLowerCase();
            if (lower.equals("all")) {
                return "put '" + term + "' in spf 'all' (it must come last), not among the mechanisms";
            }
            if (lower.startsWith("v=")) {
                return "'" + term + "': the version tag v=spf1 is written by uplinkdns; list only mechanisms";
            }
            if (lower.startsWith("redirect=")) {
                return "'" + term + "': redirect= is ignored in a record that ends with 'all' (RFC 7208 section 6.1); use include:";
            }
            if (lower.startsWith("ip4:") || lower.startsWith("ip6:")) {
                boolean v6 = lower.startsWith("ip6:");
                String[] parts = bare.substring(4).split("/", -1);
                Optional<InetAddress> a = Addresses.parseLiteral(parts[0]);
                boolean family = a.isPresent() && (a.get() instanceof Inet6Address) == v6;
                boolean prefix = parts.length == 1 || (parts.length == 2 && parts[1].matches("\\d{1,3}")
                        && Integer.parseInt(parts[1]) <= (v6 ? 128 : 32));
                return family && prefix ? null : "'" + term + "' is not a valid SPF " + bare.substring(0, 3)
                        + " term: write " + bare.substring(0, 3) + ":<address>[/<prefix length>]";
            }
            if (!SPF_TERM.matcher(term).matches()) {
                return "'" + term + "' is not an SPF mechanism (include:, a, mx, ptr, ip4:, ip6:, exists:) or modifier (exp=)";
            }
            return null;
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
            if (s == null) {
                return fallback;
            }
            String v = s.value() == null ? "" : s.value().trim();
            if (v.equals("true") || v.equals("false")) {
                return v.equals("true");
            }
            problem(s.line(), "'" + key + "' must be true or false, not '" + v + "'");
            return fallback;
        }

        private MetricsConfig metrics(RawConfig.Metrics raw) {
            if (raw == null) {
                return MetricsConfig.DEFAULTS;
            }
            boolean enabled = bool(raw.enabled, "enabled", true);
            InetAddress address = raw.address == null ? MetricsConfig.DEFAULTS.address()
                    : address(raw.address, "address").orElse(MetricsConfig.DEFAULTS.address());
            int port = raw.port == null ? MetricsConfig.DEFAULTS.port() : (int) integer(raw.port, "port", 0, 65535, 9153);
            return new MetricsConfig(enabled, address, port);
        }

        private ControlConfig control(RawConfig.Control raw) {
            if (raw == null) {
                return ControlConfig.DEFAULTS;
            }
            boolean enabled = bool(raw.enabled, "enabled", true);
            Path socket = ControlConfig.DEFAULTS.socket();
            if (raw.socket != null) {
                String text = raw.socket.value() == null ? "" : raw.socket.value().trim();
                if (text.isEmpty()) {
                    problem(raw.socket.line(), "'socket' needs a path, e.g. /run/uplinkdns/control.sock");
                } else {
                    socket = dir.resolve(text).normalize();
                    if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
                        problem(raw.socket.line(), "control socket path " + socket
                                + " is longer than the 107 bytes a Unix socket address allows: choose a shorter one");
                    }
                }
            }
            return new ControlConfig(enabled, socket);
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
