package org.uplinkdns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.uplinkdns.answer.Response;
import org.uplinkdns.answer.ResponseClass;
import org.uplinkdns.config.Prefix;
import org.uplinkdns.config.RrlConfig;
import org.uplinkdns.server.RateLimiter.Verdict;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Response rate limiting, driven by a fake clock. */
class RateLimiterTest {
    private static final InetAddress UPLINK1 = ip("127.0.0.2");
    private static final InetAddress UPLINK2 = ip("127.0.0.3");
    private static final InetAddress FLOODED = ip("192.0.2.10");
    private static final InetAddress NEIGHBOUR = ip("192.0.2.77");
    private static final InetAddress OTHER_NET = ip("198.51.100.5");
    private static final long MS = 1_000_000L;

    /** 10 answers per second, 5 errors per second, slip every 2nd, 15 s window. */
    private static final RrlConfig RRL = new RrlConfig(true, 10, 5, Duration.ofSeconds(15), 2, 24, 56, 1024, List.of());

    private long now = 1_000_000_000_000L;
    private final RateLimiter limiter = new RateLimiter(() -> now);

    @Test
    void aFloodOfOneAnswerToOnePrefixIsCappedAtTheRate() {
        Map<Verdict, Integer> seen = flood(RRL, FLOODED, answer("www.example.net."), 1000, 1);
        // one second at 1000 q/s: the 10-token burst goes out, then the balance is spent
        assertEquals(10, seen.get(Verdict.SEND));
        assertEquals(990, seen.get(Verdict.DROP) + seen.get(Verdict.SLIP));
    }

    @Test
    void aSustainedFloodStaysLimitedAndSlipsEverySecondWithheldResponse() {
        flood(RRL, FLOODED, answer("www.example.net."), 1000, 1);
        Map<Verdict, Integer> next = flood(RRL, FLOODED, answer("www.example.net."), 1000, 1);
        assertEquals(0, next.get(Verdict.SEND), "the debt of the first second is not yet paid back");
        assertEquals(500, next.get(Verdict.SLIP));
        assertEquals(500, next.get(Verdict.DROP));
    }

    @Test
    void anotherPrefixIsUnaffectedByTheFlood() {
        flood(RRL, FLOODED, answer("www.example.net."), 1000, 1);
        assertEquals(Verdict.SEND, limiter.check(RRL, UPLINK1, OTHER_NET, answer("www.example.net.")));
    }

    @Test
    void hostsOfTheSamePrefixShareTheBudget() {
        flood(RRL, FLOODED, answer("www.example.net."), 1000, 1);
        assertEquals(Verdict.DROP, limiter.check(RRL, UPLINK1, NEIGHBOUR, answer("www.example.net.")));
    }

    @Test
    void aLongerPrefixSettingSeparatesNeighbours() {
        RrlConfig perHost = new RrlConfig(true, 10, 5, Duration.ofSeconds(15), 2, 32, 128, 1024, List.of());
        flood(perHost, FLOODED, answer("www.example.net."), 1000, 1);
        assertEquals(Verdict.SEND, limiter.check(perHost, UPLINK1, NEIGHBOUR, answer("www.example.net.")));
    }

    @Test
    void eachUplinkHasItsOwnAccounting() {
        flood(RRL, FLOODED, answer("www.example.net."), 1000, 1);
        assertEquals(Verdict.SEND, limiter.check(RRL, UPLINK2, FLOODED, answer("www.example.net.")));
    }

    @Test
    void aBusyResolverAskingManyDifferentNamesIsNotThrottled() {
        int sent = 0;
        for (int i = 0; i < 5000; i++) {
            now += MS / 5;
            if (limiter.check(RRL, UPLINK1, FLOODED, answer("host" + i + ".example.net.")) == Verdict.SEND) {
                sent++;
            }
        }
        assertEquals(5000, sent, "5000 distinct names in one second, each asked once");
    }

    @Test
    void aResolverAskingOneNameAtTheRateIsNeverLimited() {
        for (int i = 0; i < 200; i++) {
            now += 100 * MS; // 10 per second, for 20 seconds
            assertEquals(Verdict.SEND, limiter.check(RRL, UPLINK1, FLOODED, answer("www.example.net.")), "query " + i);
        }
    }

    @Test
    void theTypeAskedIsPartOfTheKey() {
        flood(RRL, FLOODED, answer("www.example.net."), 1000, 1);
        Response aaaa = new Response(new byte[12], Rcode.NOERROR, Type.AAAA, false, "isp1", null,
                ResponseClass.ANSWER, Name.fromConstantString("www.example.net."), List.of());
        assertEquals(Verdict.SEND, limiter.check(RRL, UPLINK1, FLOODED, aaaa));
    }

    @Test
    void randomNamesUnderOneZoneShareTheNxdomainBudget() {
        int sent = 0;
        for (int i = 0; i < 1000; i++) {
            now += MS;
            // the responder accounts every NXDOMAIN to the zone, whatever name was asked
            Response nx = new Response(new byte[12], Rcode.NXDOMAIN, Type.A, false, "isp1", null,
                    ResponseClass.NXDOMAIN, Name.fromConstantString("example.net."), List.of());
            if (limiter.check(RRL, UPLINK1, FLOODED, nx) == Verdict.SEND) {
                sent++;
            }
        }
        assertEquals(5, sent, "errors-per-second is 5");
    }

    @Test
    void theLimitLiftsOnceTheFloodHasBeenQuietForTheWindow() {
        flood(RRL, FLOODED, answer("www.example.net."), 1000, 5);
        now += Duration.ofSeconds(14).toNanos();
        assertEquals(Verdict.DROP, limiter.check(RRL, UPLINK1, FLOODED, answer("www.example.net.")),
                "still paying back the debt 14 s later");
        now += Duration.ofSeconds(3).toNanos();
        assertEquals(Verdict.SEND, limiter.check(RRL, UPLINK1, FLOODED, answer("www.example.net.")));
    }

    @Test
    void slipOneSendsEveryWithheldResponseTruncatedAndSlipZeroNone() {
        RrlConfig always = new RrlConfig(true, 10, 5, Duration.ofSeconds(15), 1, 24, 56, 1024, List.of());
        Map<Verdict, Integer> a = flood(always, FLOODED, answer("a.example.net."), 1000, 1);
        assertEquals(990, a.get(Verdict.SLIP));
        RrlConfig never = new RrlConfig(true, 10, 5, Duration.ofSeconds(15), 0, 24, 56, 1024, List.of());
        Map<Verdict, Integer> b = flood(never, FLOODED, answer("b.example.net."), 1000, 1);
        assertEquals(990, b.get(Verdict.DROP));
        assertEquals(0, b.get(Verdict.SLIP));
    }

    @Test
    void offSwitchAndExemptClientsAreNeverLimited() {
        Map<Verdict, Integer> off = flood(RrlConfig.off(), FLOODED, answer("www.example.net."), 1000, 1);
        assertEquals(1000, off.get(Verdict.SEND));
        RrlConfig exempt = new RrlConfig(true, 10, 5, Duration.ofSeconds(15), 2, 24, 56, 1024,
                List.of(Prefix.parse("192.0.2.0/28").orElseThrow()));
        assertEquals(1000, flood(exempt, FLOODED, answer("www.example.net."), 1000, 1).get(Verdict.SEND));
        assertEquals(10, flood(exempt, ip("192.0.2.200"), answer("www.example.net."), 1000, 1).get(Verdict.SEND));
    }

    @Test
    void spoofedSourcesCannotGrowTheTable() {
        RrlConfig small = new RrlConfig(true, 10, 5, Duration.ofSeconds(15), 2, 24, 56, 1024, List.of());
        for (int i = 0; i < 200_000; i++) {
            now += 10_000;
            InetAddress spoofed = ip((i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".1");
            limiter.check(small, UPLINK1, spoofed, answer("www.example.net."));
        }
        assertTrue(limiter.occupied() <= 1024, "occupied " + limiter.occupied());
        // and a real client's flood is still caught after the table churned
        assertEquals(10, flood(small, FLOODED, answer("www.example.net."), 1000, 1).get(Verdict.SEND));
    }

    /** Sends {@code perSecond} copies of {@code r} per second for {@code seconds}, evenly spaced. */
    private Map<Verdict, Integer> flood(RrlConfig rrl, InetAddress client, Response r, int perSecond, int seconds) {
        Map<Verdict, Integer> seen = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            seen.put(v, 0);
        }
        for (int i = 0; i < perSecond * seconds; i++) {
            now += 1_000_000_000L / perSecond;
            seen.merge(limiter.check(rrl, UPLINK1, client, r), 1, Integer::sum);
        }
        return seen;
    }

    private static Response answer(String name) {
        return new Response(new byte[12], Rcode.NOERROR, Type.A, false, "isp1", null, ResponseClass.ANSWER,
                Name.fromConstantString(name), List.of());
    }

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
