package org.barrierlab.barrier;

/**
 * What a {@link ZkClientProvider} tells a barrier handle about its connection. The names and
 * meanings are Curator's {@code ConnectionState}: a handle keeps waiting through {@link
 * #SUSPENDED}, re-checks what it waits on at {@link #RECONNECTED}, and treats {@link #LOST} as the
 * end of its session.
 */
public enum ZkConnectionState {
    /** The first connection of the client. */
    CONNECTED,
    /** The connection dropped; the session may still be alive. Waits go on within their deadline. */
    SUSPENDED,
    /** The connection is back (same session, or a new one after {@link #LOST}). Waits re-check. */
    RECONNECTED,
    /**
     * The session is gone (expired, or given up by the client). The current generation of every
     * waiting handle breaks with reason {@code "session expired"}; a handle re-joins on the next
     * session the provider hands out, like a restarted member.
     */
    LOST
}
