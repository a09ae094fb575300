package org.uplinkdns.zone;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ConfigProblem;
import org.uplinkdns.config.TextCheck;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Reads a zone file and checks what dnsjava's parser does not: every record inside the zone, one
 * SOA at the apex, NS at the apex, class IN, no CNAME beside other data. Collects every problem
 * of the file before failing, each as {@code file:line: reason}.
 */
public final class ZoneLoader {
    /** dnsjava prefixes its parse errors with the file name and line; keep only the reason. */
    private static final Pattern DNSJAVA_POSITION = Pattern.compile("^.*?:(\\d+): (.*)$", Pattern.DOTALL);
    /** Types that may share a name with a CNAME (RFC 2181 §10.1, RFC 4035). */
    private static final Set<Integer> CNAME_COMPANIONS = Set.of(Type.CNAME, Type.RRSIG, Type.NSEC, Type.NSEC3);

    private ZoneLoader() {}

    public static ZoneData load(Name origin, Path file) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        List<Record> records = new ArrayList<>();
        // By identity: a pasted duplicate equals the original but has a line of its own.
        Map<Record, Integer> lines = new IdentityHashMap<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "no such zone file"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "cannot read: " + e.getMessage()));
        }
        ConfigProblem binary = TextCheck.firstControlCharacter(file, bytes);
        if (binary != null) {
            throw new ConfigException(binary);
        }
        try (LineCountingStream in = new LineCountingStream(new ByteArrayInputStream(bytes));
                Master master = new Master(in, origin, 3600)) {
            master.disableIncludes(true); // an error, not silently missing data
            Record r;
            while ((r = master.nextRecord()) != null) {
                records.add(r);
                lines.put(r, in.entryLine());
            }
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(parseProblem(file, e));
        }
        check(origin, file, records, lines, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return ZoneData.compile(origin, records);
    }

    private static ConfigProblem parseProblem(Path file, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher m = DNSJAVA_POSITION.matcher(message);
        if (m.matches()) {
            return new ConfigProblem(file, Integer.parseInt(m.group(1)), m.group(2).strip());
        }
        return new ConfigProblem(file, 0, message.strip());
    }

    private static void check(Name origin, Path file, List<Record> records, Map<Record, Integer> lines,
            List<ConfigProblem> problems) {
        // The types (and first lines) at the apex and at CNAME owners: the only names checked
        // for what stands beside what. Not kept for every name: a large zone has 100k of them.
        Set<Name> cnameOwners = new HashSet<>();
        for (Record r : records) {
            if (r.getType() == Type.CNAME) {
                cnameOwners.add(r.getName());
            }
        }
        Map<Name, Map<Integer, Integer>> typesAt = new LinkedHashMap<>();
        int soaCount = 0;
        for (Record r : records) {
            int line = lines.getOrDefault(r, 0);
            if (!r.getName().subdomain(origin)) {
                problems.add(new ConfigProblem(file, line, r.getName() + " is outside the zone " + origin));
                continue;
            }
            if (r.getDClass() != DClass.IN) {
                problems.add(new ConfigProblem(file, line, "class " + DClass.string(r.getDClass())
                        + " is not served; only IN records belong in a zone file"));
                continue;
            }
            if (r.getType() == Type.SOA) {
                if (!r.getName().equals(origin)) {
                    problems.add(new ConfigProblem(file, line, "SOA record at " + r.getName()
                            + ": the only SOA belongs at the apex " + origin));
                    continue;
                }
                if (++soaCount > 1) {
                    problems.add(new ConfigProblem(file, line, "second SOA record at the apex: a zone has exactly one"));
                    continue;
                }
            }
            if (r.getName().equals(origin) || cnameOwners.contains(r.getName())) {
                typesAt.computeIfAbsent(r.getName(), n -> new LinkedHashMap<>()).merge(r.getRRsetType(), line, Math::min);
            }
        }
        if (soaCount == 0) {
            problems.add(new ConfigProblem(file, 1, "no SOA record at the apex " + origin));
        }
        Map<Integer, Integer> apex = typesAt.getOrDefault(origin, Map.of());
        if (!apex.containsKey(Type.NS)) {
            problems.add(new ConfigProblem(file, 1, "no NS records at the apex " + origin));
        }
        for (Map.Entry<Name, Map<Integer, Integer>> e : typesAt.entrySet()) {
            Map<Integer, Integer> types = e.getValue();
            Integer cname = types.get(Type.CNAME);
            if (cname == null) {
                continue;
            }
            long cnames = records.stream().filter(r -> r.getType() == Type.CNAME && r.getName().equals(e.getKey())).count();
            if (cnames > 1) {
                problems.add(new ConfigProblem(file, cname, e.getKey() + " has " + cnames + " CNAME records: at most one is allowed"));
            }
            for (Map.Entry<Integer, Integer> t : types.entrySet()) {
                if (!CNAME_COMPANIONS.contains(t.getKey())) {
                    problems.add(new ConfigProblem(file, Math.max(cname, t.getValue()), e.getKey()
                            + " has a CNAME and " + Type.string(t.getKey())
                            + " data: a CNAME cannot stand beside other data (RFC 1034 §3.6.2)"));
                    break;
                }
            }
        }
    }

    /**
     * Follows the entries (logical lines, which parentheses continue over line feeds) that dnsjava's
     * tokenizer consumes, so each record can be given the line its entry starts on. Extends
     * {@link BufferedInputStream} because the tokenizer reads a buffered stream byte by byte
     * instead of wrapping it in a buffer of its own. When {@code nextRecord} returns, the tokenizer
     * has consumed exactly the line feed (or end of file) that ends the record's entry.
     */
    private static final class LineCountingStream extends BufferedInputStream {
        private int line = 1;
        private int entryStart = 1;
        private int lastEntryStart = 1;
        private int depth;
        private boolean quoted;
        private boolean comment;
        private boolean escaped;

        LineCountingStream(InputStream in) {
            super(in, 8192);
        }

        @Override
        public synchronized int read() throws IOException {
            int b = super.read();
            consume(b);
            return b;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                consume(-1);
            }
            for (int i = off; i < off + Math.max(n, 0); i++) {
                consume(b[i] & 0xff);
            }
            return n;
        }

        private void consume(int b) {
            if (b < 0) {
                lastEntryStart = entryStart; // the last entry may end without a line feed
                return;
            }
            if (b == '\n') {
                line++;
                comment = false;
                escaped = false;
                if (depth <= 0) {
                    depth = 0;
                    lastEntryStart = entryStart;
                    entryStart = line;
                }
                return;
            }
            if (escaped) {
                escaped = false;
            } else if (comment) {
                return;
            } else if (b == '\\') {
                escaped = true;
            } else if (quoted) {
                quoted = b != '"';
            } else if (b == '"') {
                quoted = true;
            } else if (b == ';') {
                comment = true;
            } else if (b == '(') {
                depth++;
            } else if (b == ')') {
                depth--;
            }
        }

        /** The line the last completed entry started on: the record just returned. */
        int entryLine() {
            return lastEntryStart;
        }
    }
}
