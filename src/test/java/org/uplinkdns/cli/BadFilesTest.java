package org.uplinkdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ConfigProblem;
import org.uplinkdns.testsupport.DnsClient;
import org.uplinkdns.view.ServedData;
import org.uplinkdns.view.Snapshot;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The corpus of broken files in {@code src/test/resources/bad/}: each is rejected with the file,
 * the line and the reason, and fed to a running server through a reload, changes nothing it answers.
 */
class BadFilesTest {
    private static final Path CORPUS = Path.of("src/test/resources/bad");

    @TempDir
    Path dir;

    /** corpus file, the live file it replaces, the line of the problem, a fragment of the message. */
    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("config-syntax.yaml", "config.yaml", 5, "expected <block end>, but found"),
                Arguments.of("config-unclosed.yaml", "config.yaml", 2, "expected ',' or ']'"),
                Arguments.of("config-unknown-key.yaml", "config.yaml", 10, "unknown key 'respones-per-second'"),
                Arguments.of("config-duplicate-uplink.yaml", "config.yaml", 5, "duplicate uplink name 'isp1' (first at line 3)"),
                Arguments.of("config-bad-limits.yaml", "config.yaml", 9, "'slip' must be between 0 and 10, not 99"),
                Arguments.of("config-missing-zone-file.yaml", "config.yaml", 7, "does not exist or is not a regular file"),
                Arguments.of("config-binary.yaml", "config.yaml", 1, "not a text file"),
                Arguments.of("zone-syntax.zone", "example.zone", 5, "Invalid address: 198.51.100.300"),
                Arguments.of("zone-outside.zone", "example.zone", 6, "www.example.org. is outside the zone example.net."),
                Arguments.of("zone-cname-beside.zone", "example.zone", 7, "has a CNAME and MX data"),
                Arguments.of("zone-no-soa.zone", "example.zone", 1, "no SOA record at the apex example.net."),
                Arguments.of("zone-binary.zone", "example.zone", 2, "not a text file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBrokenFileIsRejectedWithFileLineAndReason(String bad, String replaces, int line, String message)
            throws IOException {
        Path config = liveCopy();
        Files.copy(CORPUS.resolve(bad), dir.resolve(replaces), StandardCopyOption.REPLACE_EXISTING);
        ConfigException e = assertThrows(ConfigException.class, () -> ServedData.load(config));
        ConfigProblem p = e.problems().get(0);
        assertEquals(dir.resolve(replaces).getFileName(), p.file().getFileName(), e.getMessage());
        assertEquals(line, p.line(), e.getMessage());
        assertTrue(p.message().contains(message), e.getMessage());
        assertFalse(p.message().isBlank(), "a reason is always given");
        assertTrue(p.toString().startsWith(p.file() + ":" + line + ": "), p.toString());
    }

    @Test
    void aBadLimitsFileReportsEveryProblemAtOnce() throws IOException {
        Path config = liveCopy();
        Files.copy(CORPUS.resolve("config-bad-limits.yaml"), config, StandardCopyOption.REPLACE_EXISTING);
        ConfigException e = assertThrows(ConfigException.class, () -> ServedData.load(config));
        List<String> lines = e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("11: 'read-timeout' must be a duration"), lines.toString());
        assertTrue(lines.get(2).startsWith("13: 'allow' entries must be addresses or prefixes"), lines.toString());
    }

    @Test
    void aZoneFileThatIsNotAFileIsRejectedAtTheConfigLineNamingIt() throws IOException {
        Path config = liveCopy();
        Files.delete(dir.resolve("example.zone"));
        Files.createDirectory(dir.resolve("example.zone"));
        ConfigException e = assertThrows(ConfigException.class, () -> ServedData.load(config));
        assertEquals(15, e.problems().get(0).line(), e.getMessage());
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
    }

    @Test
    void anUnreadableConfigIsRejectedWithTheReason() throws IOException {
        Path config = liveCopy();
        Files.delete(config);
        Files.createDirectory(config);
        ConfigException e = assertThrows(ConfigException.class, () -> ServedData.load(config));
        assertTrue(e.getMessage().startsWith(config + ": cannot read"), e.getMessage());
    }

    @Test
    void everyBrokenFileFedThroughAReloadLeavesTheAnswersUnchanged() throws Exception {
        Path config = liveCopy();
        try (ServerRuntime runtime = ServerRuntime.start(config, 1)) {
            InetAddress isp1 = InetAddress.getByName("127.0.0.2");
            int port = runtime.server().port(isp1);
            String before = answers(isp1, port);
            assertTrue(before.contains("198.51.100.10"), before);
            Snapshot serving = runtime.snapshots().get();

            for (Arguments a : corpus().toList()) {
                String bad = (String) a.get()[0];
                Path live = dir.resolve((String) a.get()[1]);
                byte[] good = Files.readAllBytes(live);
                Files.copy(CORPUS.resolve(bad), live, StandardCopyOption.REPLACE_EXISTING);

                List<ConfigProblem> problems = runtime.reload();

                assertFalse(problems.isEmpty(), bad + " was accepted");
                assertEquals((int) a.get()[2], problems.get(0).line(), bad);
                assertSame(serving, runtime.snapshots().get(), bad + ": the snapshot was replaced");
                assertEquals(before, answers(isp1, port), bad + ": the answers changed");
                Files.write(live, good);
            }

            // and a good change still goes through
            Files.writeString(dir.resolve("example.zone"), "new-host IN A 192.0.2.99\n",
                    java.nio.file.StandardOpenOption.APPEND);
            assertEquals(List.of(), runtime.reload());
            Message added = DnsClient.udp(isp1, port, "new-host.example.net.", Type.A);
            assertNotNull(added);
            assertEquals("192.0.2.99", added.getSectionArray(Section.ANSWER)[0].rdataToString());
        }
    }

    /** What a client sees: the self answer, the parent's MX and NS, over UDP and TCP. */
    private static String answers(InetAddress server, int port) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String[] q : new String[][] {{"www.example.net.", "A"}, {"example.net.", "MX"}, {"example.net.", "NS"}}) {
            Message udp = DnsClient.udp(server, port, q[0], Type.value(q[1]));
            Message tcp = DnsClient.tcp(server, port, q[0], Type.value(q[1]));
            sb.append(q[0]).append(' ').append(q[1]).append(": ")
                    .append(List.of(udp.getSectionArray(Section.ANSWER))).append(" / ")
                    .append(List.of(tcp.getSectionArray(Section.ANSWER))).append('\n');
        }
        return sb.toString();
    }

    /** The good config and zones, copied where the test may break them. */
    private Path liveCopy() throws IOException {
        Files.copy(CORPUS.resolve("good.yaml"), dir.resolve("config.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(CORPUS.resolve("www.zone"), dir.resolve("www.zone"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(CORPUS.resolve("example.zone"), dir.resolve("example.zone"), StandardCopyOption.REPLACE_EXISTING);
        return dir.resolve("config.yaml");
    }
}
