package org.barrierlab.app;

/**
 * Bad input found while running a command (e.g. an unreachable {@code --zk}): reported as one
 * line with exit code 2, never a stack trace.
 */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
