package org.uplinkdns.answer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.ServedData;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.view.SnapshotBuilder;
import org.uplinkdns.view.View;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The fast path (answers from the cache, patched per query) gives the same bytes as the general
 * path, for every query of the benchmark's query file, on every view, in every EDNS variant.
 */
class AnswerCacheTest {
    private static final InetAddress LAN = address("127.0.3.1");
    private static final InetAddress ISP1 = address("127.0.3.2");
    private static final InetAddress ISP2 = address("127.0.3.3");
    private static final InetAddress CLIENT = address("192.0.2.1");

    @TempDir
    static Path dir;
    static Snapshot snapshot;
    static List<String[]> questions;

    /** One way a client may ask: EDNS or not, DO bit, advertised size, transport. */
    private record Variant(boolean edns, boolean dnssecOk, int payload, Transport transport) {}

    private static final List<Variant> VARIANTS = List.of(
            new Variant(false, false, 0, Transport.UDP),
            new Variant(true, true, 4096, Transport.UDP),
            new Variant(true, false, 1232, Transport.UDP),
            new Variant(true, true, 1232, Transport.TCP),
            new Variant(false, false, 0, Transport.TCP));

    @BeforeAll
    static void benchmarkData() throws Exception {
        snapshot = benchSnapshot(dir, "198.51.100.10");
        Set<String> unique = new LinkedHashSet<>();
        for (String line : Files.readAllLines(Path.of("bench/queries.txt"))) {
            if (!line.startsWith(";") && !line.isBlank()) {
                unique.add(line.trim());
            }
        }
        questions = new ArrayList<>();
        unique.forEach(l -> questions.add(l.split("\\s+")));
    }

    @Test
    void everyBenchmarkQueryIsAnsweredFromTheCacheWithTheGeneralPathsBytes() throws Exception {
        Responder responder = new Responder();
        int id = 0;
        for (String[] q : questions) {
            for (Variant v : VARIANTS) {
                for (InetAddress local : List.of(LAN, ISP1, ISP2)) {
                    // Fill with the lower-case form, another ID and other flags; ask as the file does.
                    byte[] filler = query(q[0].toLowerCase(Locale.ROOT), q[1], v, ++id, false, true);
                    byte[] asked = query(q[0], q[1], v, ++id, true, false);
                    CachedQuestion question = CachedQuestion.of(asked, v.transport(), Responder.MAX_UDP_PAYLOAD);
                    assertNotNull(question, () -> "not cacheable: " + String.join(" ", q) + " " + v);

                    AnswerCache cache = new AnswerCache(snapshot);
                    View view = snapshot.viewFor(local, CLIENT);
                    CachedQuestion fillQuestion = CachedQuestion.of(filler, v.transport(), Responder.MAX_UDP_PAYLOAD);
                    cache.put(view, filler, fillQuestion,
                            responder.respondUncached(snapshot, filler, local, CLIENT, v.transport()));
                    Response fast = cache.get(view, asked, question);
                    Response general = responder.respondUncached(snapshot, asked, local, CLIENT, v.transport());

                    String what = String.join(" ", q) + " " + v + " on " + local.getHostAddress();
                    assertNotNull(fast, () -> "no cache hit: " + what);
                    assertArrayEquals(general.wire(), fast.wire(), () -> "different bytes: " + what);
                    assertEquals(general, new Response(general.wire(), fast.rcode(), fast.qtype(), fast.truncated(),
                            fast.view(), fast.drop(), fast.kind(), fast.rrlName(), fast.more()),
                            () -> "different outcome: " + what);
                }
            }
        }
    }

    @Test
    void theResponderAnswersARepeatedQuestionWithTheSameBytes() throws Exception {
        Responder responder = new Responder();
        for (String[] q : questions) {
            byte[] asked = query(q[0], q[1], VARIANTS.get(1), 7, true, false);
            byte[] first = responder.respond(snapshot, asked, ISP1, CLIENT, Transport.UDP).wire();
            byte[] second = responder.respond(snapshot, asked, ISP1, CLIENT, Transport.UDP).wire();
            assertArrayEquals(first, second, () -> String.join(" ", q));
        }
    }

    @Test
    void aNewSnapshotIsAnsweredFromItsOwnDataAtOnce() throws Exception {
        Responder responder = new Responder();
        byte[] q = query("www.example.net", "A", VARIANTS.get(1), 1, true, false);
        assertEquals("198.51.100.10", firstAddress(responder.respond(snapshot, q, ISP1, CLIENT, Transport.UDP)));
        assertEquals("198.51.100.10", firstAddress(responder.respond(snapshot, q, ISP1, CLIENT, Transport.UDP)));

        Snapshot renumbered = benchSnapshot(Files.createDirectories(dir.resolve("renumbered")), "198.51.100.99");
        assertEquals("198.51.100.99", firstAddress(responder.respond(renumbered, q, ISP1, CLIENT, Transport.UDP)));
    }

    @Test
    void aQueryWithACookieIsCachedAndOtherOptionsTakeTheGeneralPath() throws Exception {
        Message m = message("www.example.net", "A", 1, true);
        m.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO, List.of(new CookieOption(new byte[8]))),
                Section.ADDITIONAL);
        assertNotNull(CachedQuestion.of(m.toWire(), Transport.UDP, Responder.MAX_UDP_PAYLOAD));

        Message small = message("www.example.net", "A", 1, true);
        small.addRecord(new OPTRecord(800, 0, 0, 0), Section.ADDITIONAL);
        assertNull(CachedQuestion.of(small.toWire(), Transport.UDP, Responder.MAX_UDP_PAYLOAD),
                "a buffer size between 512 and 1232 is answered by the general path");
        Response r = new Responder().respond(snapshot, small.toWire(), ISP1, CLIENT, Transport.UDP);
        assertEquals("198.51.100.10", firstAddress(r));
    }

    @Test
    void malformedQueriesAreLeftToTheGeneralPath() throws Exception {
        byte[] good = query("www.example.net", "A", VARIANTS.get(0), 1, true, false);
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertNull(CachedQuestion.of(trailing, Transport.UDP, 1232), "trailing garbage");
        byte[] response = good.clone();
        response[2] |= (byte) 0x80;
        assertNull(CachedQuestion.of(response, Transport.UDP, 1232), "QR set");
        byte[] notify = good.clone();
        notify[2] |= (byte) (4 << 3);
        assertNull(CachedQuestion.of(notify, Transport.UDP, 1232), "opcode NOTIFY");
        assertNull(CachedQuestion.of(java.util.Arrays.copyOf(good, 14), Transport.UDP, 1232), "cut short");
    }

    // ------------------------------------------------------------------------------------------

    /** The data bench/run.sh serves: the demo zones, a 100k-record zone, self records. */
    static Snapshot benchSnapshot(Path dir, String isp1Public) throws Exception {
        Path zones = Path.of("zones").toAbsolutePath();
        Path big = dir.resolve("bench.example.zone");
        if (!Files.exists(big)) {
            writeBenchZone(big);
        }
        Path config = dir.resolve("bench.yaml");
        Files.writeString(config, String.join("\n",
                "port: 5300",
                "uplinks:",
                "  - {name: isp1, address: 127.0.3.2, public: " + isp1Public + "}",
                "  - {name: isp2, address: 127.0.3.3, public: 203.0.113.10}",
                "listen: [127.0.3.1]",
                "zones:",
                "  - {name: www.example.net, file: " + zones.resolve("www.example.net.zone") + "}",
                "  - {name: example.net, file: " + zones.resolve("example.net.zone") + "}",
                "  - {name: bench.example, file: " + big + "}",
                "self:",
                "  - {name: www.example.net, types: [A, AAAA], ttl: 10}",
                ""));
        ServedData data = ServedData.load(config);
        return SnapshotBuilder.build(data.config(), data.zones(), UplinkTable.fromConfig(data.config()));
    }

    /** The same zone bench/run.sh generates: h0 to h99999, 7 in 10 A, 2 AAAA, 1 TXT. */
    private static void writeBenchZone(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("$ORIGIN bench.example.\n$TTL 3600\n");
            w.write("@ IN SOA ns1.bench.example. hostmaster.bench.example. 1 3600 900 604800 300\n");
            w.write("@ IN NS ns1.bench.example.\nns1 IN A 192.0.2.53\n");
            for (int i = 0; i < 100_000; i++) {
                int t = i % 10;
                if (t < 7) {
                    w.write("h" + i + " IN A 198.51.100." + (i % 254 + 1) + "\n");
                } else if (t < 9) {
                    w.write("h" + i + " IN AAAA 2001:db8::" + Integer.toHexString(i / 65536) + ":"
                            + Integer.toHexString(i % 65536) + "\n");
                } else {
                    w.write("h" + i + " IN TXT \"record " + i + "\"\n");
                }
            }
        }
    }

    private static Message message(String name, String type, int id, boolean rd) throws Exception {
        Message m = new Message(id);
        if (rd) {
            m.getHeader().setFlag(Flags.RD);
        }
        m.addRecord(Record.newRecord(Name.fromString(name, Name.root), Type.value(type), DClass.IN), Section.QUESTION);
        return m;
    }

    private static byte[] query(String name, String type, Variant v, int id, boolean rd, boolean cd) throws Exception {
        Message m = message(name, type, id & 0xffff, rd);
        if (cd) {
            m.getHeader().setFlag(Flags.CD);
        }
        if (v.edns()) {
            m.addRecord(new OPTRecord(v.payload(), 0, 0, v.dnssecOk() ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        }
        return m.toWire();
    }

    private static String firstAddress(Response r) throws IOException {
        return ((ARecord) new Message(r.wire()).getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
