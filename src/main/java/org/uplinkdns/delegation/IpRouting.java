package org.uplinkdns.delegation;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.uplinkdns.config.Addresses;
import org.uplinkdns.uplink.HostAddresses;

/**
 * {@link HostRouting} from iproute2: runs {@code ip} with a short time limit and parses its
 * output. Anything that fails (no {@code ip}, not Linux, a timeout) reads as "unknown".
 */
public final class IpRouting implements HostRouting {
    private static final long TIME_LIMIT_MS = 3000;
    private static final Pattern VIA = Pattern.compile("^default\\s+via\\s+(\\S+)");
    private static final Pattern FROM = Pattern.compile("\\bfrom\\s+(\\S+)");

    private final Set<InetAddress> local = HostAddresses.current();

    @Override
    public Optional<String> interfaceOf(InetAddress address) {
        return HostAddresses.interfaceOf(address);
    }

    @Override
    public Optional<InetAddress> defaultGateway(String iface, boolean v6) {
        return run(v6 ? "-6" : "-4", "route", "show", "table", "all", "default", "dev", iface)
                .flatMap(IpRouting::firstGateway);
    }

    @Override
    public Optional<String> rules(boolean v6) {
        return run(v6 ? "-6" : "-4", "rule", "show");
    }

    @Override
    public boolean isLocal(InetAddress address) {
        return HostAddresses.isLocal(address, local);
    }

    /** The next hop of the first {@code default via X ...} line of {@code ip route} output. */
    static Optional<InetAddress> firstGateway(String routes) {
        for (String line : routes.split("\n")) {
            Matcher m = VIA.matcher(line.trim());
            if (m.find()) {
                Optional<InetAddress> a = Addresses.parseLiteral(m.group(1));
                if (a.isPresent()) {
                    return a;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * True when a rule of {@code ip rule show} output selects packets from {@code address}: a
     * {@code from} of the address itself or of a prefix holding it ({@code from all} does not
     * count: that is the main table's rule).
     */
    static boolean hasSourceRule(String rules, InetAddress address) {
        for (String line : rules.split("\n")) {
            Matcher m = FROM.matcher(line);
            if (!m.find() || m.group(1).equals("all")) {
                continue;
            }
            String[] parts = m.group(1).split("/", 2);
            Optional<InetAddress> net = Addresses.parseLiteral(parts[0]);
            if (net.isEmpty() || net.get().getAddress().length != address.getAddress().length) {
                continue;
            }
            int bits = address.getAddress().length * 8;
            try {
                bits = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            } catch (NumberFormatException e) {
                continue;
            }
            if (samePrefix(net.get().getAddress(), address.getAddress(), bits)) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((a[i] & mask) != (b[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        Path output = null;
        Process p = null;
        try {
            // Output goes to a file so a large rule list can never fill a pipe and stall ip.
            output = Files.createTempFile("uplinkdns-ip", ".txt");
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(output.toFile()).start();
            if (!p.waitFor(TIME_LIMIT_MS, TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(Files.readString(output, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // A leftover temporary file is harmless.
                }
            }
        }
    }
}
