package org.barrierlab.launcher.run;

/**
 * A run that cannot start as specified: a bad value in its spec (a kill time, a scenario that
 * cannot run here) or an ensemble it cannot reach. The message is one line naming the problem and
 * is meant for the user as it is; the command line maps it to exit code 2.
 */
public class RunSpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunSpecException(String message) {
        super(message);
    }

    public RunSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
