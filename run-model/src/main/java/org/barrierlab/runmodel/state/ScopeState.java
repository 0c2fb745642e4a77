package org.barrierlab.runmodel.state;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The state of one barrier (a scope) after some prefix of the trace. Immutable.
 *
 * <p>Nesting is the path prefix: scope A is inside scope B iff {@code A.path()} starts with
 * {@code B.path() + "/"}; {@link #parent()} is the nearest enclosing scope that has been seen.
 *
 * <pre>{@code
 * ScopeState s = state.scopes().get("/barriers/all");
 * String header = s.name() + " gen " + s.generation() + (s.broken() ? " BROKEN: " + s.brokenReason() : "");
 * }</pre>
 *
 * @param path scope path relative to the run root, e.g. {@code /barriers/outer/inner/x}
 * @param parent path of the enclosing scope, or empty for a top-level scope
 * @param kind simple or double barrier
 * @param generation the newest generation seen, -1 if none yet
 * @param parties the number of parties ({@code parties} attr), -1 if unknown
 * @param members the members of a restricted barrier ({@code members} attr), empty otherwise
 * @param broken whether {@link #generation()} is broken
 * @param brokenReason reason of the break of the current generation, empty if not broken
 * @param brokenBy who broke the current generation, empty if unknown
 * @param brokenGenerations every broken generation seen so far and its reason
 */
public record ScopeState(
        String path,
        String parent,
        ScopeKind kind,
        long generation,
        int parties,
        List<String> members,
        boolean broken,
        String brokenReason,
        String brokenBy,
        Map<Long, String> brokenGenerations) {

    public ScopeState {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(kind, "kind");
        members = List.copyOf(members);
        Objects.requireNonNull(brokenReason, "brokenReason");
        Objects.requireNonNull(brokenBy, "brokenBy");
        brokenGenerations = java.util.Collections.unmodifiableMap(new TreeMap<>(brokenGenerations));
    }

    /** A scope seen for the first time. */
    static ScopeState fresh(String path, String parent, ScopeKind kind) {
        return new ScopeState(path, parent, kind, -1, -1, List.of(), false, "", "", Map.of());
    }

    /** The last path segment, e.g. {@code x} for {@code /barriers/outer/inner/x}. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /** Nesting depth: 0 for a top-level scope. */
    public int depth(Map<String, ScopeState> all) {
        int d = 0;
        String p = parent;
        while (!p.isEmpty()) {
            d++;
            ScopeState s = all.get(p);
            p = s == null ? "" : s.parent();
        }
        return d;
    }

    /** True if this scope is (transitively) inside {@code outer}: path-prefix nesting. */
    public boolean isInside(String outer) {
        return path.startsWith(outer + "/");
    }

    /** True for a restricted barrier (one with a member list). */
    public boolean restricted() {
        return !members.isEmpty();
    }

    ScopeState withGeneration(long g) {
        return new ScopeState(path, parent, kind, g, parties, members, false, "", "", brokenGenerations);
    }

    ScopeState withKind(ScopeKind k) {
        return new ScopeState(
                path, parent, k, generation, parties, members, broken, brokenReason, brokenBy, brokenGenerations);
    }

    ScopeState withParties(int n, List<String> m) {
        return new ScopeState(path, parent, kind, generation, n, m, broken, brokenReason, brokenBy, brokenGenerations);
    }

    ScopeState withParent(String p) {
        return new ScopeState(
                path, p, kind, generation, parties, members, broken, brokenReason, brokenBy, brokenGenerations);
    }

    /**
     * The state with generation {@code gen} broken. A barrier stays broken from the first
     * generation that broke until a reset or a new arrival: while broken, the generation shown
     * is the lowest broken one, and a break of a higher generation (a slot created ahead, broken
     * so that nobody arrives there) only enters the history. The first explanation of a break
     * stands, except that a death ({@code death}: a member died) replaces an earlier explanation
     * that was only a symptom of it (an interrupted or timed-out wait).
     */
    ScopeState withBroken(long gen, String reason, String by, boolean death) {
        Map<Long, String> history = new TreeMap<>(brokenGenerations);
        String known = history.get(gen);
        boolean upgrade = death && known != null && !known.endsWith(" died");
        if (known == null || upgrade) {
            history.put(gen, reason);
        }
        if (broken && gen > generation) {
            return new ScopeState(
                    path, parent, kind, generation, parties, members, true, brokenReason, brokenBy, history);
        }
        if (broken && gen < generation) {
            return new ScopeState(path, parent, kind, gen, parties, members, true, history.get(gen), by, history);
        }
        boolean keep = broken && !brokenReason.isEmpty() && !(upgrade && gen == generation);
        String r = keep ? brokenReason : reason;
        String b = keep && !brokenBy.isEmpty() ? brokenBy : by;
        return new ScopeState(path, parent, kind, Math.max(generation, gen), parties, members, true, r, b, history);
    }

    /** True if a reported break reason names a death ({@code "p2 died"}, as the failure detector reports it). */
    static boolean isDeath(String reason, String by) {
        return !by.isEmpty() && reason.equals(by + " died");
    }
}
