package org.uplinkdns.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.uplinkdns.uplink.Health;

/**
 * The rise/fall state machine of one uplink; the table in the package documentation is its
 * specification. Not thread-safe: the monitor calls it under its lock. Time comes from the caller,
 * so tests drive it with a fake clock.
 */
final class UplinkState {

    /** What the probes say, apart from any drain. */
    enum Verdict {
        /** No probe round has finished yet. */
        UNKNOWN,
        UP,
        DOWN;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One change of state.
     *
     * @param from the state before, as logs show it ({@code up}, {@code down}, {@code unknown},
     *     {@code drained}, or {@code drained/up} for a change of verdict while drained)
     * @param before the health answers saw before
     * @param after the health answers see now
     * @param cause why: the probe results of the round, or the operator's drain
     * @param held how long the previous state lasted
     */
    record Transition(String uplink, String from, String to, Health before, Health after, String cause, Duration held) {
        boolean changesAnswers() {
            return before != after;
        }
    }

    private final String uplink;
    private boolean failOpen;
    private Verdict verdict = Verdict.UNKNOWN;
    private boolean drained;
    private int goodStreak;
    private int badStreak;
    private Instant since;

    UplinkState(String uplink, boolean failOpen, Instant now) {
        this.uplink = uplink;
        this.failOpen = failOpen;
        this.since = now;
    }

    /** The health answers see: drained wins; before the first round, fail-open decides. */
    Health health() {
        if (drained) {
            return Health.DRAINED;
        }
        return switch (verdict) {
            case UP -> Health.UP;
            case DOWN -> Health.DOWN;
            case UNKNOWN -> failOpen ? Health.UP : Health.DOWN;
        };
    }

    Verdict verdict() {
        return verdict;
    }

    boolean drained() {
        return drained;
    }

    Instant since() {
        return since;
    }

    /** Consecutive good rounds counted towards rise (while down) or bad rounds towards fall (while up). */
    int streak() {
        return verdict == Verdict.DOWN ? goodStreak : badStreak;
    }

    void failOpen(boolean failOpen) {
        this.failOpen = failOpen;
    }

    /** One probe round finished; {@code good} when every probe passed. */
    Optional<Transition> round(boolean good, String results, int rise, int fall, Instant now) {
        if (good) {
            goodStreak++;
            badStreak = 0;
        } else {
            badStreak++;
            goodStreak = 0;
        }
        Verdict next = switch (verdict) {
            // The first round decides directly: a verdict exists one interval after start-up.
            case UNKNOWN -> good ? Verdict.UP : Verdict.DOWN;
            case UP -> badStreak >= fall ? Verdict.DOWN : Verdict.UP;
            case DOWN -> goodStreak >= rise ? Verdict.UP : Verdict.DOWN;
        };
        if (next == verdict) {
            return Optional.empty();
        }
        String why = verdict == Verdict.UNKNOWN ? "first round: " + results
                : (good ? goodStreak + " good round(s) in a row (rise " + rise + "): "
                        : badStreak + " bad round(s) in a row (fall " + fall + "): ") + results;
        return Optional.of(change(() -> verdict = next, why, now));
    }

    /** Forgets the verdict (the uplink lost its probes in a reload); fail-open decides from now on. */
    Optional<Transition> forget(String cause, Instant now) {
        goodStreak = 0;
        badStreak = 0;
        if (verdict == Verdict.UNKNOWN) {
            return Optional.empty();
        }
        return Optional.of(change(() -> verdict = Verdict.UNKNOWN, cause, now));
    }

    Optional<Transition> drain(Instant now) {
        if (drained) {
            return Optional.empty();
        }
        return Optional.of(change(() -> drained = true, "drained by the operator", now));
    }

    Optional<Transition> undrain(Instant now) {
        if (!drained) {
            return Optional.empty();
        }
        return Optional.of(change(() -> drained = false, "undrained by the operator", now));
    }

    private Transition change(Runnable apply, String cause, Instant now) {
        String from = display();
        Health before = health();
        apply.run();
        Duration held = Duration.between(since, now);
        since = now;
        return new Transition(uplink, from, display(), before, health(), cause, held);
    }

    /** The state as logs and status show it. */
    String display() {
        if (drained) {
            return verdict == Verdict.UNKNOWN ? "drained" : "drained/" + verdict.word();
        }
        return verdict.word();
    }
}
