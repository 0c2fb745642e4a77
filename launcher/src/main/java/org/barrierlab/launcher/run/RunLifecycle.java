package org.barrierlab.launcher.run;

/**
 * The lifecycle of a {@link Run}, changed only by compare-and-set (as Curator's {@code
 * LeaderLatch} does), so that ending and closing happen once whoever asks first.
 */
enum RunLifecycle {
    /** Participants are running; the monitor watches them. */
    RUNNING,
    /** The verdict is known; participant JVMs are gone. */
    ENDED,
    /** Ctrl-C: the monitor ends the run now, with verdict INTERRUPTED and a complete recording. */
    INTERRUPTED,
    /** {@link Run#close()} was called: the session and the embedded server are closed or closing. */
    CLOSED
}
