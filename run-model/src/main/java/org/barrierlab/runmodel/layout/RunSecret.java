package org.barrierlab.runmodel.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * The secret of one run: every node of the run's namespace carries a digest ACL that gives all
 * permissions to {@code barrierlab:<secret>} and nothing to anybody else, so another group on a
 * shared ensemble can neither read nor write the run ({@code NoAuth}). A session that should
 * reach the run calls {@link #authenticate} once (the client re-sends the credentials after
 * every reconnection). Generated per run from {@link SecureRandom} (144 bits).
 *
 * <p>The secret travels to participants on their stdin and to another machine in a file only
 * its owner may read ({@link #writeTo}, mode 0600): never on a command line (visible in {@code
 * ps}) or in an environment. {@link #toString()} does not show it.
 *
 * <pre>{@code
 * RunSecret secret = RunSecret.generate();
 * secret.authenticate(zk);                      // this session may now touch the run
 * zk.create(path, data, secret.acl(), CreateMode.PERSISTENT);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RunSecret {

    /** The digest user name of every run (the secret is the password). */
    public static final String USER = "barrierlab";

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;
    private final List<ACL> acl;

    private RunSecret(String value) {
        this.value = value;
        try {
            Id digest = new Id("digest", DigestAuthenticationProvider.generateDigest(USER + ":" + value));
            List<ACL> list = new ArrayList<>();
            list.add(new ACL(ZooDefs.Perms.ALL, digest));
            // ZooKeeper calls acl.contains(null), which immutable List.of lists reject
            this.acl = Collections.unmodifiableList(list);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1 digest not available", e);
        }
    }

    /** A fresh secret: 18 bytes from {@link SecureRandom}, base64url (24 characters). */
    public static RunSecret generate() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return new RunSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }

    /**
     * A secret read back from its text form ({@link #value()}).
     *
     * @throws IllegalArgumentException if it is not 16-128 characters of letters, digits, '_' or
     *     '-' (the value itself is not repeated in the message)
     */
    public static RunSecret of(String value) {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("a run secret must be 16-128 characters of letters, digits, '_' or"
                    + " '-', was " + value.length() + " characters of another form");
        }
        return new RunSecret(value);
    }

    /**
     * Reads a secret file written by {@link #writeTo}.
     *
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if group or others may read it, or it holds no secret
     */
    public static RunSecret readFrom(Path file) throws IOException {
        Set<PosixFilePermission> perms = posixPermissions(file);
        if (perms != null
                && (perms.contains(PosixFilePermission.GROUP_READ)
                        || perms.contains(PosixFilePermission.OTHERS_READ))) {
            throw new IllegalArgumentException("secret file " + file + " is readable by others ("
                    + PosixFilePermissions.toString(perms) + "); make it private: chmod 600 " + file);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            return of(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secret file " + file + " holds no run secret: " + e.getMessage(), e);
        }
    }

    private static Set<PosixFilePermission> posixPermissions(Path file) throws IOException {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return null; // not a POSIX file system: nothing to check
        }
    }

    /**
     * Writes the secret to a new file that only its owner may read or write (mode 0600 from
     * creation on, so it is never readable by others, not even for a moment); creates missing
     * parent directories with mode 0700.
     *
     * @throws FileAlreadyExistsException if the file exists
     */
    public Path writeTo(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(
                    parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return file;
    }

    /** The secret's text form: only for a participant's stdin or a private file. */
    public String value() {
        return value;
    }

    /** The ACL of every node of the run: all permissions for {@code barrierlab:<secret>}, none for others. */
    public List<ACL> acl() {
        return acl;
    }

    /** Adds the run's credentials to the session (kept by the client across reconnections). */
    public void authenticate(ZooKeeper zk) {
        zk.addAuthInfo("digest", (USER + ":" + value).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunSecret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Does not show the secret (it ends up in logs). */
    @Override
    public String toString() {
        return "RunSecret[hidden]";
    }
}
