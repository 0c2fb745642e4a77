package org.barrierlab.barrier;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/** The validated, immutable configuration of one barrier handle, and the builder state behind it. */
final class BarrierSpec {

    enum Kind {
        SIMPLE,
        DOUBLE;

        String wire() {
            return this == SIMPLE ? "simple" : "double";
        }
    }

    static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final AtomicLong HANDLE_COUNTER = new AtomicLong();
    private static final String DEFAULT_ID_PREFIX = defaultIdPrefix();

    final ZkClientProvider provider;
    final String path;
    final Kind kind;
    final int parties;
    /** Sorted member ids, or {@code null} in parties mode. */
    final List<String> members;

    final String participantId;
    final BarrierListener listener;
    final List<ACL> acl;
    /** The outer double barrier of a nested barrier, or null. */
    final ZkDoubleBarrier outer;
    /** A shared presence directory watched for deaths of members, or null. */
    final String presence;
    /** Digest credentials ({@code user:password}) added to every session the handle joins with, or null. */
    final byte[] auth;

    private BarrierSpec(Draft d, int parties, String participantId, List<ACL> acl, byte[] auth) {
        this.provider = d.provider;
        this.path = d.path;
        this.kind = d.kind;
        this.parties = parties;
        this.members = d.members;
        this.participantId = participantId;
        this.listener = d.listener;
        this.acl = acl;
        this.outer = d.outer;
        this.presence = d.presence;
        this.auth = auth;
    }

    /** The configuration line stored in the barrier node (see docs/znode-layout.md). */
    String configLine() {
        return "kind=" + kind.wire() + " parties=" + parties + " members="
                + (members == null ? "*" : String.join(",", members));
    }

    boolean restricted() {
        return members != null;
    }

    /** Mutable builder state shared by {@link ZkBarrier.Builder} and {@link ZkDoubleBarrier.Builder}. */
    static final class Draft {
        private final ZkClientProvider provider;
        private final String path;
        private final Kind kind;
        private Integer parties;
        private List<String> members;
        private String participantId;
        private BarrierListener listener = e -> {};
        private List<ACL> acl = ZooDefs.Ids.OPEN_ACL_UNSAFE;
        private String digestUser;
        private String digestPassword;
        private ZkDoubleBarrier outer;
        private String presence;

        Draft(ZkClientProvider provider, String path, Kind kind) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.path = validatePath(Objects.requireNonNull(path, "path"));
            this.kind = kind;
        }

        void parties(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("parties must be >= 1, was " + n);
            }
            this.parties = n;
        }

        void members(Collection<String> ids) {
            Objects.requireNonNull(ids, "ids");
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("members must not be empty");
            }
            TreeSet<String> sorted = new TreeSet<>();
            for (String id : ids) {
                validateId(Objects.requireNonNull(id, "member id"), "member id");
                if (!sorted.add(id)) {
                    throw new IllegalArgumentException("members must be distinct, '" + id + "' appears twice");
                }
            }
            this.members = List.copyOf(sorted);
        }

        void participantId(String id) {
            this.participantId = validateId(Objects.requireNonNull(id, "participantId"), "participant id");
        }

        void listener(BarrierListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
        }

        void acl(List<ACL> list) {
            Objects.requireNonNull(list, "acl");
            if (list.isEmpty()) {
                throw new IllegalArgumentException("acl must not be empty");
            }
            // ZooKeeper calls acl.contains(null), which immutable List.copyOf lists reject
            this.acl = Collections.unmodifiableList(new ArrayList<>(list));
        }

        void digest(String user, String password) {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.isEmpty() || user.contains(":")) {
                throw new IllegalArgumentException(
                        "digest user must be non-empty and contain no ':', was '" + user + "'");
            }
            if (password.isEmpty()) {
                throw new IllegalArgumentException("digest password must not be empty");
            }
            this.digestUser = user;
            this.digestPassword = password;
        }

        void presence(String dir) {
            this.presence = validatePath(Objects.requireNonNull(dir, "dir"), "presence directory");
        }

        void outer(ZkDoubleBarrier o) {
            this.outer = o;
        }

        /** Validates and returns an immutable spec; the builder can be built again (a fresh default id). */
        BarrierSpec build() {
            if (parties == null && members == null) {
                throw new IllegalArgumentException("barrier " + path + ": set parties(n) or members(ids)");
            }
            int n;
            if (members != null) {
                if (parties != null && parties != members.size()) {
                    throw new IllegalArgumentException("parties (" + parties + ") must equal the number of members ("
                            + members.size() + ") of a restricted barrier");
                }
                n = members.size();
            } else {
                n = parties;
            }
            String id = participantId;
            if (id == null) {
                if (members != null) {
                    throw new IllegalArgumentException(
                            "a restricted barrier needs participantId(id), one of the members " + members);
                }
                id = DEFAULT_ID_PREFIX + "-" + HANDLE_COUNTER.incrementAndGet();
            }
            if (members != null && !members.contains(id)) {
                throw new IllegalArgumentException("participant id '" + id + "' is not a member of barrier " + path
                        + " (members " + members + ")");
            }
            if (outer != null) {
                BarrierSpec o = outer.spec();
                if (o.members != null) {
                    if (members == null) {
                        throw new IllegalArgumentException("nested barrier " + path
                                + " must name its members, a subset of the outer members " + o.members);
                    }
                    for (String m : members) {
                        if (!o.members.contains(m)) {
                            throw new IllegalArgumentException("member '" + m + "' of nested barrier " + path
                                    + " is not a member of the outer barrier " + o.path + " (members " + o.members
                                    + ")");
                        }
                    }
                } else if (n > o.parties) {
                    throw new IllegalArgumentException("nested barrier " + path + " has parties " + n + " > parties "
                            + o.parties + " of the outer barrier " + o.path);
                }
            }
            List<ACL> list = acl;
            byte[] auth = null;
            if (digestUser != null) {
                String credentials = digestUser + ":" + digestPassword;
                try {
                    Id digest = new Id("digest", DigestAuthenticationProvider.generateDigest(credentials));
                    List<ACL> l = new ArrayList<>();
                    l.add(new ACL(ZooDefs.Perms.ALL, digest));
                    list = Collections.unmodifiableList(l);
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("SHA1 digest not available", e);
                }
                auth = credentials.getBytes(StandardCharsets.UTF_8);
                if (provider instanceof FixedSessionProvider fixed) {
                    // as before the provider seam: the raw session gets the credentials at once
                    fixed.zooKeeper().addAuthInfo("digest", auth);
                }
            }
            return new BarrierSpec(this, n, id, list, auth);
        }
    }

    static String validatePath(String path) {
        return validatePath(path, "barrier path");
    }

    static String validatePath(String path, String what) {
        if (!path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException(
                    what + " must be an absolute znode path like /app/barriers/b1, was '" + path + "'");
        }
        if (path.endsWith("/")) {
            throw new IllegalArgumentException(what + " must not end with '/', was '" + path + "'");
        }
        for (String seg : path.substring(1).split("/", -1)) {
            if (seg.isEmpty()) {
                throw new IllegalArgumentException(
                        what + " must not contain empty segments ('//'), was '" + path + "'");
            }
            if (!SEGMENT.matcher(seg).matches()) {
                throw new IllegalArgumentException(what + " segment '" + seg
                        + "' must be 1-64 characters of letters, digits, '.', '_' or '-' starting with a letter or"
                        + " digit, in path '" + path + "'");
            }
        }
        if (path.equals("/zookeeper") || path.startsWith("/zookeeper/")) {
            throw new IllegalArgumentException(what + " must not be inside /zookeeper, was '" + path + "'");
        }
        return path;
    }

    static String validateId(String id, String what) {
        if (!SEGMENT.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " must be 1-64 characters of letters, digits, '.', '_' or '-'"
                    + " starting with a letter or digit, was '" + id + "'");
        }
        return id;
    }

    private static String defaultIdPrefix() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        host = host.replaceAll("[^A-Za-z0-9._-]", "_");
        if (host.isEmpty() || !Character.isLetterOrDigit(host.charAt(0))) {
            host = "h" + host;
        }
        if (host.length() > 40) {
            host = host.substring(0, 40);
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
