package org.barrierlab.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Everything measured for one contender at one N (mutable while the harness fills it in). */
final class Measurement {

    final String impl;
    final boolean dbl;
    final int n;

    /** Release latency per measured round, per step, in ms. */
    final Map<Contender.Step, List<Double>> latencyMs = new EnumMap<>(Contender.Step.class);
    /** Enter latency + leave latency per measured round (double barriers), in ms. */
    final List<Double> pairLatencyMs = new ArrayList<>();
    /** Traffic of all participants (and helpers) over the measured rounds, per step. */
    final Map<Contender.Step, Counts> cost = new EnumMap<>(Contender.Step.class);
    /** Traffic of the waiters (every participant but the last to call), per step. */
    final Map<Contender.Step, Counts> waiterCost = new EnumMap<>(Contender.Step.class);
    /** Traffic of the last participant to call (the releaser), per step. */
    final Map<Contender.Step, Counts> releaserCost = new EnumMap<>(Contender.Step.class);
    /** Most bytes read by one participant in one step of one measured round. */
    final Map<Contender.Step, Long> maxBytes = new EnumMap<>(Contender.Step.class);
    /** Most requests issued by one participant in one step of one measured round. */
    final Map<Contender.Step, Long> maxRequests = new EnumMap<>(Contender.Step.class);
    /** Most wake-ups of one participant in one step of one measured round. */
    final Map<Contender.Step, Long> maxWakeups = new EnumMap<>(Contender.Step.class);
    /** Of which: helpers that are not participants (Curator's controller). */
    Counts overhead = Counts.ZERO;
    /** Helpers' wake-ups over the measured rounds. */
    long overheadWakeups;
    /** Counting-client traffic of our library's participants (cross-check of its own counters). */
    Counts wireCost;

    int measuredRounds;

    /** Crossings per second back to back (the median over the passes), or null if not measured. */
    Double throughput;

    /** Crossings per second of each pass. */
    final List<Double> passThroughput = new ArrayList<>();

    int throughputCrossings;
    /** Free-running (back-to-back) latency per crossing: last call to last return, ms. */
    final List<Double> freeLatencyMs = new ArrayList<>();
    /** Traffic over the back-to-back crossings. */
    Counts freeCost;

    /** Hangs, failures and other remarks, for the report. */
    final List<String> notes = new ArrayList<>();
    /** True once the contender hung or failed at this N. */
    boolean stopped;

    Measurement(String impl, boolean dbl, int n) {
        this.impl = impl;
        this.dbl = dbl;
        this.n = n;
    }

    void addCost(Contender.Step step, Counts c) {
        cost.merge(step, c, Counts::plus);
    }

    /** Adds one pass's back-to-back figures; throughput becomes the median over the passes so far. */
    void addPass(double crossingsPerSecond, int crossings, Counts cost) {
        passThroughput.add(crossingsPerSecond);
        List<Double> sorted = new ArrayList<>(passThroughput);
        sorted.sort(null);
        int k = sorted.size();
        throughput = k % 2 == 1 ? sorted.get(k / 2) : (sorted.get(k / 2 - 1) + sorted.get(k / 2)) / 2;
        throughputCrossings += crossings;
        freeCost = freeCost == null ? cost : freeCost.plus(cost);
    }

    void addLatency(Contender.Step step, double ms) {
        latencyMs.computeIfAbsent(step, s -> new ArrayList<>()).add(ms);
    }
}
