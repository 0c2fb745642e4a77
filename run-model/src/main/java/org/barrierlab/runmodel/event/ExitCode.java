package org.barrierlab.runmodel.event;

/**
 * The exit codes of a participant JVM, as carried by the {@code code} attribute of an {@link
 * EventType#EXIT} event. Part of the run protocol: the reducer reads them to tell a finished
 * participant from one that reported a broken barrier and from one that died.
 *
 * <pre>{@code
 * boolean reportedBreak = "3".equals(exit.attr("code")); // ExitCode.BROKEN
 * }</pre>
 */
public final class ExitCode {

    /** Played its story to the end. */
    public static final int OK = 0;
    /** Failed with an error. */
    public static final int FAILED = 1;
    /** A barrier broke; the participant reported it in the trace and ended normally. */
    public static final int BROKEN = 3;
    /** The launcher (or the ZooKeeper session) is gone. */
    public static final int ORPHANED = 4;
    /** The run's deadline passed. */
    public static final int DEADLINE = 5;

    private ExitCode() {}
}
