package org.barrierlab.visualizer.source;

/**
 * A presenter command (step, kill, ...) could not be delivered to the run; the message says
 * which command and why, for the status line.
 *
 * <pre>{@code
 * try {
 *     control.kill("p3");
 * } catch (ControlException e) {
 *     viewModel.setStatus(e.getMessage());
 * }
 * }</pre>
 */
public class ControlException extends Exception {
    private static final long serialVersionUID = 1L;

    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }

    public ControlException(String message) {
        super(message);
    }
}
