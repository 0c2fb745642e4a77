package org.barrierlab.runmodel.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A barrier a scenario declares before its run starts, so that a view can lay out every barrier
 * at once (nothing rescales when a barrier is first used). The launcher writes the declarations
 * into the {@code run-start} event's {@code barriers} attribute ({@link #encode}); views read them
 * back with {@link #decode}. Declarations say where barriers will be, never what happened: the
 * run state still comes from the events alone.
 *
 * <pre>{@code
 * String attr = DeclaredBarrier.encode(List.of(
 *         new DeclaredBarrier("/barriers/festival", ScopeKind.DOUBLE, List.of()),
 *         new DeclaredBarrier("/barriers/festival/inner/band-a", ScopeKind.SIMPLE, List.of("p1", "p3"))));
 * List<DeclaredBarrier> back = DeclaredBarrier.decode(attr);
 * }</pre>
 *
 * @param path the scope path relative to the run root, as in the events ({@code /barriers/x})
 * @param kind simple or double barrier
 * @param members the members of a restricted barrier; empty for a barrier of everybody
 */
public record DeclaredBarrier(String path, ScopeKind kind, List<String> members) {

    /** The {@code run-start} attribute that carries the declarations. */
    public static final String ATTR = "barriers";

    public DeclaredBarrier {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        members = List.copyOf(members);
        if (!path.startsWith("/") || path.contains(";") || path.contains("|")) {
            throw new IllegalArgumentException("path must start with / and contain no ; or |, was " + path);
        }
    }

    /** The declarations as one attribute value: {@code path|kind|m1,m2;path|kind|}. */
    public static String encode(List<DeclaredBarrier> barriers) {
        List<String> parts = new ArrayList<>(barriers.size());
        for (DeclaredBarrier b : barriers) {
            parts.add(b.path + "|" + b.kind.name().toLowerCase(java.util.Locale.ROOT) + "|"
                    + String.join(",", b.members));
        }
        return String.join(";", parts);
    }

    /**
     * The declarations in an attribute value; an empty value declares nothing.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code path|kind|members}
     */
    public static List<DeclaredBarrier> decode(String value) {
        List<DeclaredBarrier> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String entry : value.split(";")) {
            String[] f = entry.split("\\|", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException("declared barrier must be path|kind|members, was " + entry);
            }
            ScopeKind kind;
            try {
                kind = ScopeKind.valueOf(f[1].toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("declared barrier kind must be simple or double, was " + f[1], e);
            }
            List<String> members = f[2].isEmpty() ? List.of() : Arrays.asList(f[2].split(","));
            out.add(new DeclaredBarrier(f[0], kind, members));
        }
        return out;
    }
}
