package org.barrierlab.visualizer.source;

/** A presenter command (step, kill, ...) could not be delivered to the run. */
public class ControlException extends Exception {
    private static final long serialVersionUID = 1L;

    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }

    public ControlException(String message) {
        super(message);
    }
}
