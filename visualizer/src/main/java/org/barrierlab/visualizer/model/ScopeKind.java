package org.barrierlab.visualizer.model;

/** The kind of barrier a scope is, as far as its events tell. */
public enum ScopeKind {
    /** A cyclic barrier ({@code arrive}/{@code pass}). */
    SIMPLE,
    /** A double barrier ({@code enter}/{@code entered}/{@code leave}/{@code left}). */
    DOUBLE
}
