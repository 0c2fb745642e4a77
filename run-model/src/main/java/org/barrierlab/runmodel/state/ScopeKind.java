package org.barrierlab.runmodel.state;

/**
 * The kind of barrier a scope is, as far as its events tell: a scope becomes {@link #DOUBLE} at
 * its first {@code enter}/{@code entered}/{@code leave} event and stays so.
 *
 * <pre>{@code
 * boolean threeLanes = scope.kind() == ScopeKind.DOUBLE;
 * }</pre>
 */
public enum ScopeKind {
    /** A cyclic barrier ({@code arrive}/{@code pass}). */
    SIMPLE,
    /** A double barrier ({@code enter}/{@code entered}/{@code leave}/{@code left}). */
    DOUBLE
}
