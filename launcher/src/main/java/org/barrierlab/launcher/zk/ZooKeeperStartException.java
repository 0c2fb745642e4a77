package org.barrierlab.launcher.zk;

/** An embedded ZooKeeper server could not be started, stopped or restarted. */
public class ZooKeeperStartException extends RuntimeException {
    public ZooKeeperStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
