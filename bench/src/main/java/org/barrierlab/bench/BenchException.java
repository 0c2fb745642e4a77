package org.barrierlab.bench;

/**
 * The benchmark could not run a measurement (a session did not connect, a competitor failed in
 * a way that is not a hang). Reported as one line by {@code barrierlab bench}.
 *
 * <pre>{@code
 * throw new BenchException("could not connect to ZooKeeper at " + connectString);
 * }</pre>
 */
public class BenchException extends Exception {
    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
