package org.barrierlab.visualizer.ui;

/** How a barrier's path is written in the tables and the log. */
final class ScopeText {

    private ScopeText() {}

    private static final String BARRIERS = "/barriers/";

    /** The path without the run's {@code /barriers/} prefix: {@code festival/inner/cheer}. */
    static String shortName(String scope) {
        return scope.startsWith(BARRIERS) ? scope.substring(BARRIERS.length()) : scope;
    }
}
