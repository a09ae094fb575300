package org.uplinkdns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ConfigProblem;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A zone file with a mistake is rejected with {@code file:line: reason}, and the line is the one
 * the operator has to edit: the line a record starts on, also for records spanning several lines
 * and for the last record of a file without a final newline.
 */
class ZoneLoaderTest {
    static final Name ORIGIN = Name.fromConstantString("example.com.");

    /** A valid zone; the SOA spans lines 3-8. */
    static final String GOOD = """
            $ORIGIN example.com.
            $TTL 3600
            @   IN SOA ns1 hostmaster (
                    2026112301 ; serial
                    7200       ; refresh
                    3600       ; retry
                    864000     ; expire
                    300 )      ; negative-caching TTL
                IN NS  ns1
                IN NS  ns2
            ns1 IN A   192.0.2.1
            ns2 IN A   192.0.2.2
            """;

    @TempDir
    Path dir;

    @Test
    void aGoodZoneLoads() throws Exception {
        ZoneData zone = ZoneLoader.load(ORIGIN, write(GOOD));
        assertEquals(ORIGIN, zone.origin());
        assertEquals(2026112301L, zone.serial());
        assertEquals(2, zone.apexNs().size());
        assertEquals(Match.Kind.EXACT, zone.find(Name.fromConstantString("ns1.example.com."), false).kind());
    }

    @Test
    void aSyntaxErrorNamesItsLine() throws Exception {
        ConfigProblem p = onlyProblem(GOOD + """
                www IN A   192.0.2.300
                """);
        assertEquals(13, p.line());
        assertTrue(p.message().contains("192.0.2.300"), p.message());
        assertEquals(dir.resolve("zone") + ":13: " + p.message(), p.toString(), "file:line: reason");
    }

    @Test
    void aSyntaxErrorInsideAMultiLineRecordNamesTheLineOfTheBadValue() throws Exception {
        ConfigProblem p = onlyProblem(GOOD.replace("7200       ; refresh", "seven      ; refresh"));
        assertEquals(5, p.line(), p.toString());
    }

    @Test
    void aRecordOutsideTheZone() throws Exception {
        ConfigProblem p = onlyProblem(GOOD + """
                www               IN A 192.0.2.80
                www.example.org.  IN A 192.0.2.81
                """);
        assertEquals(14, p.line());
        assertTrue(p.message().contains("www.example.org. is outside the zone example.com."), p.message());
    }

    @Test
    void aRecordAfterAMultiLineSoaAndCommentsHasItsOwnLine() throws Exception {
        ConfigProblem p = onlyProblem(GOOD + """

                ; a comment ( with a parenthesis
                ; and another

                mail IN A 192.0.2.25 ; a comment at the end
                mail.example.org. IN A 192.0.2.26
                """);
        assertEquals(18, p.line(), p.toString());
    }

    @Test
    void aMultiLineRecordIsReportedOnTheLineItStarts() throws Exception {
        ConfigProblem p = onlyProblem(GOOD + """
                far.example.org. IN TXT ( "one"
                                          "two" )
                ns3 IN A 192.0.2.3
                """);
        assertEquals(13, p.line(), p.toString());
    }

    @Test
    void parenthesesAndSemicolonsInQuotedTextOrEscapedDoNotShiftLines() throws Exception {
        ConfigProblem p = onlyProblem(GOOD + """
                txt1 IN TXT "open ( and ; not a comment"
                txt2 IN TXT ( "a \\" ( quote" )
                txt3 IN TXT not\\;a\\(comment
                far.example.org. IN A 192.0.2.1
                """);
        assertEquals(16, p.line(), p.toString());
    }

    @Test
    void theLastRecordOfAFileWithoutFinalNewline() throws Exception {
        ConfigProblem p = onlyProblem(GOOD + "www.example.org. IN A 192.0.2.81");
        assertEquals(13, p.line(), p.toString());
    }

    @Test
    void aFileWithWindowsLineEndingsCountsLinesAlike() throws Exception {
        ConfigProblem p = onlyProblem((GOOD + "www.example.org. IN A 192.0.2.81\n").replace("\n", "\r\n"));
        assertEquals(13, p.line(), p.toString());
    }

    @Test
    void aCnameBesideOtherData() throws Exception {
        ConfigProblem p = onlyProblem(GOOD + """
                www IN A     192.0.2.80
                www IN CNAME ns1
                """);
        assertEquals(14, p.line(), "the second of the two records is the one that conflicts");
        assertTrue(p.message().contains("www.example.com. has a CNAME and A data"), p.message());
    }

    @Test
    void twoCnamesAtOneName() throws Exception {
        ConfigProblem p = onlyProblem(GOOD + """
                www IN CNAME ns1
                www IN CNAME ns2
                """);
        assertEquals(13, p.line());
        assertTrue(p.message().contains("2 CNAME records"), p.message());
    }

    @Test
    void noSoa() throws Exception {
        ConfigProblem p = onlyProblem("""
                $ORIGIN example.com.
                $TTL 3600
                @   IN NS ns1
                ns1 IN A  192.0.2.1
                """);
        assertEquals(1, p.line());
        assertTrue(p.message().contains("no SOA record at the apex example.com."), p.message());
    }

    @Test
    void aSecondSoaIsReportedWhereItStarts() throws Exception {
        ConfigProblem p = onlyProblem(GOOD + """
                @   IN SOA ns1 hostmaster (
                    2026112302 7200 3600 864000 300 )
                """);
        assertEquals(13, p.line(), p.toString());
        assertTrue(p.message().contains("second SOA"), p.message());
    }

    @Test
    void aSecondSoaIdenticalToTheFirstIsReportedOnItsOwnLine() throws Exception {
        String oneLine = "@ IN SOA ns1 hostmaster 2026112301 7200 3600 864000 300\n";
        ConfigProblem p = onlyProblem("""
                $ORIGIN example.com.
                $TTL 3600
                """ + oneLine + """
                @   IN NS  ns1
                ns1 IN A   192.0.2.1
                """ + oneLine);
        assertEquals(6, p.line(), "a pasted duplicate, not the original on line 3");
    }

    @Test
    void anSoaBelowTheApex() throws Exception {
        ConfigProblem p = onlyProblem(GOOD + """
                sub IN SOA ns1 hostmaster 1 7200 3600 864000 300
                """);
        assertEquals(13, p.line());
        assertTrue(p.message().contains("SOA record at sub.example.com."), p.message());
    }

    @Test
    void noNsAtTheApex() throws Exception {
        ConfigProblem p = onlyProblem("""
                $ORIGIN example.com.
                $TTL 3600
                @   IN SOA ns1 hostmaster 1 7200 3600 864000 300
                ns1 IN A   192.0.2.1
                sub IN NS  ns1
                """);
        assertEquals(1, p.line());
        assertTrue(p.message().contains("no NS records at the apex example.com."), p.message());
    }

    @Test
    void aRecordOfClassCh() throws Exception {
        ConfigProblem p = onlyProblem(GOOD + """
                version CH TXT "1.0"
                """);
        assertEquals(13, p.line());
        assertTrue(p.message().contains("class CH is not served"), p.message());
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnce() throws Exception {
        List<ConfigProblem> problems = problems(GOOD + """
                version CH TXT "1.0"
                www.example.org. IN A 192.0.2.1
                www IN A     192.0.2.80
                www IN CNAME ns1
                """);
        assertEquals(List.of(13, 14, 16), problems.stream().map(ConfigProblem::line).toList(), problems.toString());
    }

    @Test
    void includesAreNotFollowed() throws Exception {
        Files.writeString(dir.resolve("other"), "www IN A 192.0.2.1\n");
        ConfigProblem p = onlyProblem(GOOD + "$INCLUDE " + dir.resolve("other") + "\n");
        assertEquals(13, p.line(), p.toString());
        assertTrue(p.message().contains("$INCLUDE"), "rejected, not silently skipped: " + p.message());
    }

    @Test
    void aMissingFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneLoader.load(ORIGIN, dir.resolve("absent")));
        assertTrue(e.getMessage().contains("no such zone file"), e.getMessage());
    }

    @Test
    void emptyNonTerminalsAndWildcardsAreCompiled() throws Exception {
        ZoneData zone = ZoneLoader.load(ORIGIN, write(GOOD + """
                a.b.c  IN A 192.0.2.3
                *.wild IN A 192.0.2.4
                """));
        assertEquals(Match.Kind.EXACT, zone.find(Name.fromConstantString("b.c.example.com."), false).kind());
        assertTrue(zone.node(Name.fromConstantString("c.example.com.")).isEmpty());
        Match m = zone.find(Name.fromConstantString("x.wild.example.com."), false);
        assertEquals(Match.Kind.WILDCARD, m.kind());
        assertEquals(1, m.node().get(Type.A).size());
        assertEquals(Match.Kind.NXDOMAIN, zone.find(Name.fromConstantString("x.c.example.com."), false).kind());
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("zone");
        Files.writeString(file, text);
        return file;
    }

    private List<ConfigProblem> problems(String text) throws IOException {
        Path file = write(text);
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneLoader.load(ORIGIN, file));
        for (ConfigProblem p : e.problems()) {
            assertEquals(file, p.file());
        }
        return e.problems();
    }

    private ConfigProblem onlyProblem(String text) throws IOException {
        List<ConfigProblem> problems = problems(text);
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }
}
