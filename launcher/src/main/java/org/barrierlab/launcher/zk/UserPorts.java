package org.barrierlab.launcher.zk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ports chosen per user, so that groups sharing the nodes of a lab cluster do not collide: user
 * {@code uid} gets the 16 ports from {@code 10000 + (uid % 1400) * 16}, below the Linux ephemeral
 * range (32768+). A server uses three of them (client, quorum, election); a second server on the
 * same node the next three.
 */
public final class UserPorts {

    static final int FIRST = 10000;
    static final int PER_USER = 16;
    static final int USERS = 1400;

    private UserPorts() {}

    /** This user's first port. */
    public static int base() {
        return FIRST + (uid() % USERS) * PER_USER;
    }

    /** The uid of this process (owner of /proc/self), or a hash of the user name elsewhere. */
    static int uid() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return (Integer) uid;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Math.floorMod(System.getProperty("user.name", "").hashCode(), USERS);
        }
    }

    /** The user name, for per-user directories. */
    public static String user() {
        return System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
