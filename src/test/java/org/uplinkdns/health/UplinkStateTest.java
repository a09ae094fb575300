package org.uplinkdns.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.uplinkdns.health.UplinkState.Transition;
import org.uplinkdns.health.UplinkState.Verdict;
import org.uplinkdns.uplink.Health;

/**
 * The state table of the package documentation, one test per row (numbers as there), driven with
 * a fake clock: rise 3, fall 3, a round every second.
 */
class UplinkStateTest {
    private static final int RISE = 3;
    private static final int FALL = 3;

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final UplinkState state = new UplinkState("isp1", true, now);

    private Optional<Transition> round(boolean good) {
        now = now.plusSeconds(1);
        return state.round(good, good ? "icmp=ok" : "icmp=fail", RISE, FALL, now);
    }

    private void rounds(boolean good, int n) {
        for (int i = 0; i < n; i++) {
            round(good);
        }
    }

    private void upAfterFirstRound() {
        round(true);
        assertEquals(Verdict.UP, state.verdict());
    }

    private void downAfterFirstRound() {
        round(false);
        assertEquals(Verdict.DOWN, state.verdict());
    }

    @Nested
    class Row1UnknownBeforeTheFirstRound {
        @Test
        void countsAsUpWithFailOpen() {
            assertEquals(Verdict.UNKNOWN, state.verdict());
            assertEquals(Health.UP, state.health());
        }

        @Test
        void countsAsDownWithoutFailOpen() {
            UplinkState closed = new UplinkState("isp1", false, now);
            assertEquals(Health.DOWN, closed.health());
        }
    }

    @Test
    void row2TheFirstGoodRoundMakesItUpAtOnce() {
        Transition t = round(true).orElseThrow();
        assertEquals("unknown", t.from());
        assertEquals("up", t.to());
        assertFalse(t.changesAnswers(), "fail-open already served it");
        assertTrue(t.cause().startsWith("first round: icmp=ok"), t.cause());
    }

    @Test
    void row3TheFirstBadRoundMakesItDownAtOnceWithoutWaitingForFall() {
        Transition t = round(false).orElseThrow();
        assertEquals("down", t.to());
        assertEquals(Health.UP, t.before());
        assertEquals(Health.DOWN, t.after());
        assertEquals(Health.DOWN, state.health());
    }

    @Test
    void row3WithoutFailOpenAGoodFirstRoundBringsItIntoAnswers() {
        UplinkState closed = new UplinkState("isp1", false, now);
        Transition t = closed.round(true, "icmp=ok", RISE, FALL, now.plusSeconds(1)).orElseThrow();
        assertEquals(Health.DOWN, t.before());
        assertEquals(Health.UP, t.after());
    }

    @Test
    void row4GoodRoundsKeepItUp() {
        upAfterFirstRound();
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), round(true));
        }
        assertEquals(Health.UP, state.health());
    }

    @Test
    void row5FewerBadRoundsThanFallKeepItUp() {
        upAfterFirstRound();
        assertEquals(Optional.empty(), round(false));
        assertEquals(Optional.empty(), round(false));
        assertEquals(Health.UP, state.health());
        assertEquals(2, state.streak());
    }

    @Test
    void row6TheFallthBadRoundInARowTakesItDown() {
        upAfterFirstRound();
        rounds(false, FALL - 1);
        Transition t = round(false).orElseThrow();
        assertEquals("up", t.from());
        assertEquals("down", t.to());
        assertEquals(Health.DOWN, t.after());
        assertEquals("3 bad round(s) in a row (fall 3): icmp=fail", t.cause());
        assertEquals(Duration.ofSeconds(FALL), t.held(), "up since the first round");
    }

    @Test
    void row6StreaksMustBeConsecutive() {
        upAfterFirstRound();
        rounds(false, 2);
        round(true);
        rounds(false, 2);
        assertEquals(Health.UP, state.health(), "a good round in between restarts the count");
        assertTrue(round(false).isPresent());
    }

    @Test
    void row7BadRoundsKeepItDown() {
        downAfterFirstRound();
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), round(false));
        }
        assertEquals(Health.DOWN, state.health());
    }

    @Test
    void row8FewerGoodRoundsThanRiseKeepItDown() {
        downAfterFirstRound();
        assertEquals(Optional.empty(), round(true));
        assertEquals(Optional.empty(), round(true));
        assertEquals(Health.DOWN, state.health());
        assertEquals(2, state.streak());
        round(false);
        rounds(true, 2);
        assertEquals(Health.DOWN, state.health(), "a bad round in between restarts the count");
    }

    @Test
    void row9TheRisethGoodRoundInARowBringsItUp() {
        downAfterFirstRound();
        rounds(true, RISE - 1);
        Transition t = round(true).orElseThrow();
        assertEquals("down", t.from());
        assertEquals("up", t.to());
        assertEquals("3 good round(s) in a row (rise 3): icmp=ok", t.cause());
        assertEquals(Health.UP, state.health());
    }

    @Nested
    class Row10Drain {
        @Test
        void takesAnUpUplinkOutOfAnswers() {
            upAfterFirstRound();
            Transition t = state.drain(now).orElseThrow();
            assertEquals("up", t.from());
            assertEquals("drained/up", t.to());
            assertEquals(Health.DRAINED, t.after());
            assertEquals("drained by the operator", t.cause());
        }

        @Test
        void worksBeforeTheFirstRound() {
            assertEquals("drained", state.drain(now).orElseThrow().to());
            assertEquals(Health.DRAINED, state.health());
        }

        @Test
        void twiceChangesNothing() {
            state.drain(now);
            assertEquals(Optional.empty(), state.drain(now));
        }

        @Test
        void probesKeepMovingTheVerdictWhileDrained() {
            upAfterFirstRound();
            state.drain(now);
            rounds(false, FALL - 1);
            Transition t = round(false).orElseThrow();
            assertEquals("drained/up", t.from());
            assertEquals("drained/down", t.to());
            assertFalse(t.changesAnswers());
            assertEquals(Health.DRAINED, state.health());
        }
    }

    @Nested
    class Row11Undrain {
        @Test
        void returnsToTheProbedVerdictAtOnce() {
            upAfterFirstRound();
            state.drain(now);
            rounds(false, FALL);
            Transition t = state.undrain(now).orElseThrow();
            assertEquals("drained/down", t.from());
            assertEquals("down", t.to());
            assertEquals(Health.DOWN, state.health(), "no rise wait: the probes saw it down all along");
        }

        @Test
        void beforeAnyRoundFallsBackToFailOpen() {
            state.drain(now);
            state.undrain(now);
            assertEquals(Health.UP, state.health());
        }

        @Test
        void ofAnUndrainedUplinkChangesNothing() {
            assertEquals(Optional.empty(), state.undrain(now));
        }
    }

    @Test
    void row12NewThresholdsApplyFromTheNextRoundAndTheStateIsKept() {
        upAfterFirstRound();
        rounds(false, 2);
        // A reload lowers fall to 1: the streak is kept, so the next bad round decides.
        now = now.plusSeconds(1);
        assertEquals("down", state.round(false, "icmp=fail", RISE, 1, now).orElseThrow().to());
    }

    @Test
    void row12AReloadThatRemovesEveryProbeForgetsTheVerdict() {
        downAfterFirstRound();
        Transition t = state.forget("its probes were removed by a reload", now).orElseThrow();
        assertEquals("down", t.from());
        assertEquals("unknown", t.to());
        assertEquals(Health.UP, state.health(), "unknown counts as up with fail-open");
    }

    @Test
    void row13ANewUplinkStartsUnknown() {
        UplinkState fresh = new UplinkState("isp3", true, now);
        assertEquals("unknown", fresh.display());
        assertEquals(Health.UP, fresh.health());
    }
}
