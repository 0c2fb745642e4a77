package org.barrierlab.barrier;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a barrier's znodes (the layout is in {@code docs/barrier-design.md}). Pure: no
 * ZooKeeper here. A simple barrier's generation g is slot g ({@code g-<10 digits>}); a double
 * barrier's round r is slot 2r ({@code g-<r>-enter}) and 2r+1 ({@code g-<r>-leave}).
 *
 * <p>The arithmetic the protocol rests on: a slot node is created together with its child
 * {@code open} (parent cversion 1); every arrival creates exactly two children in one
 * transaction, its marker {@code a-<id>} and a sequential {@code r-}; nothing else creates or
 * deletes children of an open slot. ZooKeeper names a sequential child after the parent's
 * cversion before the create, so the k-th arrival's child is {@code r-<2k>}: the N-th arrival's
 * name, the release, is known to everybody in advance.
 */
final class SlotNames {

    private static final Pattern SIMPLE = Pattern.compile("g-(\\d{10})");
    private static final Pattern DOUBLE = Pattern.compile("g-(\\d{10})-(enter|leave)");

    final String path;
    final String gen;
    final String live;
    private final BarrierSpec.Kind kind;
    private final int parties;

    SlotNames(String path, BarrierSpec.Kind kind, int parties) {
        this.path = path;
        this.gen = path + "/gen";
        this.live = path + "/live";
        this.kind = kind;
        this.parties = parties;
    }

    String slotName(long s) {
        if (kind == BarrierSpec.Kind.SIMPLE) {
            return String.format("g-%010d", s);
        }
        return String.format("g-%010d-%s", s / 2, s % 2 == 0 ? "enter" : "leave");
    }

    /** The slot of a slot node's name, or -1 if the name is not one. */
    long slotOf(String name) {
        if (kind == BarrierSpec.Kind.SIMPLE) {
            Matcher m = SIMPLE.matcher(name);
            return m.matches() ? Long.parseLong(m.group(1)) : -1;
        }
        Matcher m = DOUBLE.matcher(name);
        if (!m.matches()) {
            return -1;
        }
        return Long.parseLong(m.group(1)) * 2 + (m.group(2).equals("leave") ? 1 : 0);
    }

    String slot(long s) {
        return path + "/" + slotName(s);
    }

    String open(long s) {
        return slot(s) + "/open";
    }

    String marker(long s, String id) {
        return slot(s) + "/a-" + id;
    }

    /** Prefix of the sequential arrival children. */
    String arrivalPrefix(long s) {
        return slot(s) + "/r-";
    }

    /** The N-th arrival's child: it exists iff slot s is released. */
    String release(long s) {
        return arrivalPrefix(s) + String.format("%010d", 2L * parties);
    }

    /** The name (last segment) of the N-th arrival's child. */
    String releaseName() {
        return String.format("r-%010d", 2L * parties);
    }

    /** Prefix of the sequential probe a break creates (first, so its number counts the arrivals before). */
    String breakProbePrefix(long s) {
        return slot(s) + "/b-";
    }

    String resetMark(long s) {
        return slot(s) + "/reset";
    }

    /** The break mark: a child of the liveness directory, so every handle's one ring watch sees it. */
    String breakMark(long s) {
        return live + "/!" + slotName(s);
    }

    /** The slot of a break mark's name ({@code !g-...}), or -1. */
    long slotOfMark(String name) {
        return name.startsWith("!") ? slotOf(name.substring(1)) : -1;
    }

    /** k (1-based) of an arrival from its sequential child's path: the suffix is 2k. */
    static long arrivalOrdinal(String sequentialPath) {
        return Long.parseLong(sequentialPath.substring(sequentialPath.length() - 10)) / 2;
    }

    /** Arrivals committed before a break, from its probe's path: the suffix is 1 + 2a. */
    static long arrivalsBeforeBreak(String probePath) {
        return (Long.parseLong(probePath.substring(probePath.length() - 10)) - 1) / 2;
    }

    long generationOf(long s) {
        return kind == BarrierSpec.Kind.SIMPLE ? s : s / 2;
    }

    /** The next slot of the same kind: a surplus arrival is carried there. */
    long nextOfSameKind(long s) {
        return kind == BarrierSpec.Kind.SIMPLE ? s + 1 : s + 2;
    }

    /** Whether slot s is a crossing of the given phase (0 = await/enter, 1 = leave). */
    boolean hasPhase(long s, int phase) {
        return kind == BarrierSpec.Kind.SIMPLE || s % 2 == phase;
    }
}
