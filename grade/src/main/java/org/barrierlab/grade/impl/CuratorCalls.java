package org.barrierlab.grade.impl;

import org.apache.zookeeper.KeeperException;

/**
 * The boundary to Curator's API, which declares {@code throws Exception} on nearly every call:
 * ZooKeeper's exceptions and interrupts pass through as they are, anything else Curator throws
 * becomes an {@link IllegalStateException} (the grader reports it as a failure the barrier API
 * does not describe). Nothing else in the built-in {@code curator} implementation catches {@code
 * Exception}.
 */
final class CuratorCalls {

    /** One call of Curator's API; {@code throws Exception} is Curator's, narrowed by {@link #run}. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws Exception;
    }

    private CuratorCalls() {}

    /** Runs {@code call}, narrowing Curator's {@code throws Exception} to what the SPI declares. */
    static <T> T run(Call<T> call) throws KeeperException, InterruptedException {
        try {
            return call.call();
        } catch (KeeperException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }
}
