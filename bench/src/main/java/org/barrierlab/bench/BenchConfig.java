package org.barrierlab.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code barrierlab bench} measures: participant counts, rounds, server shape, output.
 *
 * <pre>{@code
 * BenchConfig c = BenchConfig.quick(Path.of("docs/bench"));
 * }</pre>
 *
 * @param participants the N values (each >= 2), in order
 * @param rounds measured controlled rounds per N, or 0 for the default that shrinks with N
 * @param warmup unmeasured rounds before them
 * @param crossings back-to-back crossings for throughput per N, or 0 for the default
 * @param jvmParticipants N values for the separate-JVM run (empty: none)
 * @param ensemble true for the local 3-server ensemble, false for one in-process server
 * @param stepTimeoutMillis bound of every barrier call (a call that takes longer is a hang)
 * @param out output directory
 * @param plots whether to draw the PNG plots
 * @param members true to give our barriers their member list (a restricted barrier, as the
 *     course's scenarios use) instead of a party count; the competitors are count-based either way
 */
public record BenchConfig(
        List<Integer> participants,
        int rounds,
        int warmup,
        int crossings,
        List<Integer> jvmParticipants,
        boolean ensemble,
        long stepTimeoutMillis,
        Path out,
        boolean plots,
        boolean members) {

    /** The full run's N values. */
    public static final List<Integer> FULL_PARTICIPANTS = List.of(2, 4, 8, 16, 32, 64, 128, 256);

    public BenchConfig {
        participants = List.copyOf(participants);
        jvmParticipants = List.copyOf(jvmParticipants);
        Objects.requireNonNull(out, "out");
        if (participants.isEmpty()) {
            throw new IllegalArgumentException("participants must name at least one N");
        }
        for (int n : participants) {
            if (n < 2 || n > 1024) {
                throw new IllegalArgumentException("participants must each be between 2 and 1024, was " + n);
            }
        }
        for (int n : jvmParticipants) {
            if (n < 2 || n > 64) {
                throw new IllegalArgumentException("JVM participants must each be between 2 and 64, was " + n);
            }
        }
        if (rounds < 0 || warmup < 0 || crossings < 0) {
            throw new IllegalArgumentException(
                    "rounds, warmup and crossings must be >= 0, were " + rounds + ", " + warmup + ", " + crossings);
        }
        if (stepTimeoutMillis < 100) {
            throw new IllegalArgumentException("step timeout must be >= 100 ms, was " + stepTimeoutMillis);
        }
    }

    /** Full run: N = 2..256, JVM run up to 16. */
    public static BenchConfig full(Path out) {
        return new BenchConfig(FULL_PARTICIPANTS, 0, 3, 0, List.of(2, 4, 8, 16), false, 5_000, out, true, false);
    }

    /** Quick run (under 2 minutes on 2 cores): N = 2..16, few rounds, JVM run at 2 and 4. */
    public static BenchConfig quick(Path out) {
        return new BenchConfig(List.of(2, 4, 8, 16), 8, 2, 15, List.of(2, 4), false, 3_000, out, true, false);
    }

    /** Controlled rounds at N: the given number, or by default fewer as N grows. */
    int roundsAt(int n) {
        if (rounds > 0) {
            return rounds;
        }
        return n <= 32 ? 30 : n <= 64 ? 20 : n <= 128 ? 12 : 8;
    }

    /** Back-to-back crossings at N. */
    int crossingsAt(int n) {
        if (crossings > 0) {
            return crossings;
        }
        return n <= 16 ? 100 : n <= 64 ? 40 : 15;
    }
}
