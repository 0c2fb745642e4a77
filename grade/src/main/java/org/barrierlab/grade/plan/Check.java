package org.barrierlab.grade.plan;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.barrierlab.spi.Capability;

/**
 * The checks of {@code barrierlab grade}, one schedule each, grouped by the course's phases. The
 * participant side of each check is in {@code org.barrierlab.grade.participant.Scripts}; its
 * verdict in {@code org.barrierlab.grade.CheckJudge}.
 */
public enum Check {
    CROSSING(1, 3, EnumSet.noneOf(Capability.class), "N processes cross a simple barrier once"),
    DOUBLE(2, 3, EnumSet.noneOf(Capability.class), "N processes enter and leave a double barrier"),
    TWO_BARRIERS(
            2,
            4,
            EnumSet.noneOf(Capability.class),
            "two groups on one host use two barriers, then every process a second barrier of all"),
    KILL(2, 3, EnumSet.noneOf(Capability.class), "a process is killed (SIGKILL) while the others wait at a barrier"),
    KILL_INSIDE(
            2,
            3,
            EnumSet.noneOf(Capability.class),
            "a process is killed inside a double barrier while the others leave (nobody may leave without it)"),
    PHANTOM(
            2,
            3,
            EnumSet.noneOf(Capability.class),
            "a timed-out enter, then the others and a late re-entry (phantom arrivals, CURATOR-318)"),
    CONN_LOSS(
            2,
            3,
            EnumSet.noneOf(Capability.class),
            "the reply to one arrival write is lost (CONNECTIONLOSS after the write was applied)"),
    REUSE(3, 3, EnumSet.of(Capability.REUSABLE), "one barrier crossed round after round"),
    REUSE_RACE(
            3,
            3,
            EnumSet.of(Capability.REUSABLE),
            "fast processes re-arrive at once while a slow one has not yet seen the release (ZOOKEEPER-1011)"),
    OVERSUBSCRIBED(
            3,
            4,
            EnumSet.of(Capability.REUSABLE),
            "more processes than parties: the extra one must wait for the next set, not pass"),
    RESTRICTED(
            4,
            4,
            EnumSet.of(Capability.REUSABLE, Capability.RESTRICTED),
            "two subgroups reuse their own restricted barrier, all meet at a barrier of everybody"),
    NESTED(
            5,
            4,
            EnumSet.of(Capability.NESTED),
            "inner barriers (restricted and reused when claimed) inside an outer double barrier"),
    /**
     * The cost sweep, not a phase (phase 0): run at each N of {@code --sweep}, so that requests
     * and wake-ups per crossing can be plotted against N. Its N is the sweep's, not {@link
     * #participants()}.
     */
    SWEEP(
            0,
            4,
            EnumSet.noneOf(Capability.class),
            "N processes enter and leave a double barrier (one reused, or a fresh one each round if not"
                    + " reusable); at each step the last calls when the N-1 others are blocked in theirs");

    private final int phase;
    private final int participants;
    private final Set<Capability> requires;
    private final String schedule;

    Check(int phase, int participants, Set<Capability> requires, String schedule) {
        this.phase = phase;
        this.participants = participants;
        this.requires = requires;
        this.schedule = schedule;
    }

    /** The name on the command line ({@code --only reuse-race}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The course phase (1..5) whose requirement this check grades; 0 for the {@link #SWEEP}. */
    public int phase() {
        return phase;
    }

    /** The number of participant JVMs (the sweep's default N; the sweep runs at each N it is given). */
    public int participants() {
        return participants;
    }

    /** The capabilities an implementation must claim for the check to run. */
    public Set<Capability> requires() {
        return requires;
    }

    /** One line: what the schedule does. */
    public String schedule() {
        return schedule;
    }

    /** The check with this wire name. */
    public static Optional<Check> byWireName(String wire) {
        for (Check c : values()) {
            if (c.wireName().equals(wire)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
