package org.uplinkdns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;

/** The {@code mail:} section: defaults, and every bad input named with its line and fix. */
class MailConfigTest {
    private static final String HEAD = """
            uplinks:
              - name: isp1
                address: 127.0.4.2
              - name: isp2
                address: 127.0.4.3
            zones:
              - name: www.example.net
                file: z.zone
            self:
              - name: www.example.net
            mail:
            """;
    /** Line of the first key under {@code mail:}. */
    private static final int MAIL_LINE = 12;

    @TempDir
    Path dir;

    private Config load(String mailBody) throws IOException, ConfigException {
        Files.writeString(dir.resolve("z.zone"), "");
        Path file = dir.resolve("uplinkdns.yaml");
        Files.writeString(file, HEAD + mailBody);
        return new ConfigLoader().load(file);
    }

    private List<ConfigProblem> problems(String mailBody) throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load(mailBody));
        return e.problems();
    }

    @Test
    void aDomainAloneGivesTheSeedsLayout() throws Exception {
        MailConfig mail = load("  domain: example.net\n").mail().orElseThrow();
        assertEquals(Name.fromString("mail-gw-1.example.net."), mail.gateway(1));
        assertEquals(Name.fromString("mail-gw-2.example.net."), mail.gateway(2));
        assertEquals(10, mail.preferenceAt(0));
        assertEquals(20, mail.preferenceAt(1));
        assertEquals(60, mail.ttl());
        assertFalse(mail.spf().enabled());
        assertTrue(mail.extraMx().isEmpty());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        MailConfig mail = load("""
                  domain: example.net
                  gateway: mx-N.out
                  preference: 5
                  step: 100
                  ttl: 300
                  extra-mx:
                    - target: backup-mx.provider.example
                      preference: 900
                  spf:
                    mechanisms: [include:_spf.provider.example, "~mx"]
                    all: "-all"
                """).mail().orElseThrow();
        assertEquals(Name.fromString("mx-2.out.example.net."), mail.gateway(2));
        assertEquals(105, mail.preferenceAt(1));
        assertEquals(300, mail.ttl());
        assertEquals(List.of(new MailConfig.ExtraMx(Name.fromString("backup-mx.provider.example."), 900, 18)),
                mail.extraMx());
        assertTrue(mail.spf().enabled(), "an spf section is enabled unless it says otherwise");
        assertEquals(List.of("include:_spf.provider.example", "~mx"), mail.spf().mechanisms());
        assertEquals("-all", mail.spf().all());
    }

    @Test
    void anAbsolutePatternBelowTheDomainIsAllowed() throws Exception {
        MailConfig mail = load("  domain: example.net\n  gateway: gw-N.mail.example.net.\n").mail().orElseThrow();
        assertEquals(Name.fromString("gw-1.mail.example.net."), mail.gateway(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            domain outside served zones and their parents | domain: example.org                       | 12 | neither inside a served zone
            no domain                                     | preference: 10                            | 12 | mail needs a 'domain'
            pattern without N                             | domain: example.net\\ngateway: mail-gw     | 13 | exactly one uppercase N
            pattern with two Ns                           | domain: example.net\\ngateway: N-gw-N      | 13 | exactly one uppercase N
            pattern giving an invalid host name           | domain: example.net\\ngateway: mail_gw-N   | 13 | is not a host name
            pattern giving an empty label                 | domain: example.net\\ngateway: mail..gw-N  | 13 | gives no valid name for uplink 1
            pattern outside the domain                    | domain: example.net\\ngateway: gw-N.example.org. | 13 | is not below the mail domain
            preferences past 65535                        | domain: example.net\\npreference: 65530\\nstep: 10 | 14 | the highest allowed is 65535
            step of zero                                  | domain: example.net\\nstep: 0              | 13 | 'step' must be between 1 and 65535
            spf all other than ~all or -all               | domain: example.net\\nspf:\\n  all: +all   | 14 | spf 'all' must be
            spf all among the mechanisms                  | domain: example.net\\nspf:\\n  mechanisms: [-all] | 14 | put '-all' in spf 'all'
            spf ip4 term that is no address               | domain: example.net\\nspf:\\n  mechanisms: [ip4:300.1.2.3] | 14 | not a valid SPF ip4 term
            spf redirect                                  | domain: example.net\\nspf:\\n  mechanisms: [redirect=_spf.example.net] | 14 | redirect= is ignored
            spf nonsense                                  | domain: example.net\\nspf:\\n  mechanisms: [include spf] | 14 | is not an SPF mechanism
            spf enabled not a boolean                     | domain: example.net\\nspf:\\n  enabled: yes please | 14 | 'enabled' must be true or false
            extra-mx without preference                   | domain: example.net\\nextra-mx:\\n  - target: mx.example.org | 14 | needs a 'preference'
            extra-mx target that is no host name          | domain: example.net\\nextra-mx:\\n  - target: mx_1.example.org\\n    preference: 50 | 14 | is not a host name
            extra-mx target equal to a gateway            | domain: example.net\\nextra-mx:\\n  - target: mail-gw-2.example.net\\n    preference: 50 | 14 | duplicate MX target mail-gw-2.example.net. (first at line 12)
            """)
    void badInputIsNamedWithItsLine(String what, String body, int line, String message) throws IOException {
        String yaml = "  " + body.replace("\\n", "\n  ") + "\n";
        List<ConfigProblem> problems = problems(yaml);
        String all = problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
        assertTrue(problems.stream().anyMatch(p -> p.line() == line && p.message().contains(message)),
                what + ": expected line " + line + " with '" + message + "', got:\n" + all);
    }

    @Test
    void duplicateExtraTargetsNameBothLines() throws IOException {
        List<ConfigProblem> problems = problems("""
                  domain: example.net
                  extra-mx:
                    - target: backup.provider.example
                      preference: 50
                    - target: backup.provider.example
                      preference: 60
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(MAIL_LINE + 4, problems.get(0).line());
        assertTrue(problems.get(0).message().contains("duplicate MX target backup.provider.example. (first at line 14)"),
                problems.get(0).message());
    }

    @Test
    void aSelfNameCannotAlsoBeAGateway() throws IOException {
        Files.writeString(dir.resolve("z.zone"), "");
        Path file = dir.resolve("self.yaml");
        Files.writeString(file, HEAD.replace("  - name: www.example.net\nmail:", "  - name: mail-gw-2.www.example.net\nmail:")
                + "  domain: www.example.net\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(file));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(10, e.problems().get(0).line());
        assertTrue(e.getMessage().contains("self record mail-gw-2.www.example.net. is also a mail gateway name"),
                e.getMessage());
    }

    @Test
    void moreThanTenLookupTermsAreRefused() throws IOException {
        StringBuilder terms = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            terms.append(i == 0 ? "" : ", ").append("include:s").append(i).append(".example.org");
        }
        List<ConfigProblem> problems = problems("  domain: example.net\n  spf:\n    mechanisms: [" + terms + "]\n");
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("need 11 DNS lookups")), problems.toString());
    }

    @Test
    void aMailDomainInTheParentOfAServedZoneIsPlannable() throws Exception {
        // example.net is not served, but it is the parent of www.example.net: plan prints its records.
        assertTrue(load("  domain: example.net\n").mail().isPresent());
    }
}
