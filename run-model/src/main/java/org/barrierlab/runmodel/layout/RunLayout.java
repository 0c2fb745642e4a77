package org.barrierlab.runmodel.layout;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;

/**
 * Paths of one run's ZooKeeper namespace. Every run lives under {@code
 * /barrierlab/runs/<run-id>} so that several groups can share one ensemble; nothing outside
 * that root is touched by a run, and the visualizer watches only that root. The layout is
 * documented in {@code docs/znode-layout.md}; keep the two in step.
 *
 * <p>A layout also says who may touch the run: a layout {@link #securedBy} the run's {@link
 * RunSecret} gives its {@link #acl()} to every node created through it, and {@link
 * #authenticate} lets a session in. Without a secret the ACL is open (a grading run, a test).
 *
 * <pre>{@code
 * RunLayout run = RunLayout.of("r-20261122-1").securedBy(secret);
 * String barrier = run.barrier("all");   // /barrierlab/runs/r-20261122-1/barriers/all
 * zk.create(run.eventPrefix(), data, run.acl(), CreateMode.PERSISTENT_SEQUENTIAL);
 * }</pre>
 */
public final class RunLayout {

    /** Parent of all runs. */
    public static final String RUNS_ROOT = "/barrierlab/runs";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String runId;
    private final String root;
    private final RunSecret secret;

    private RunLayout(String runId, RunSecret secret) {
        this.runId = runId;
        this.root = RUNS_ROOT + "/" + runId;
        this.secret = secret;
    }

    /**
     * The layout of the run with this id.
     *
     * @throws IllegalArgumentException if the id is not 1-64 characters of letters, digits, '.',
     *     '_' or '-' starting with a letter or digit
     */
    public static RunLayout of(String runId) {
        requireName(runId, "run id");
        return new RunLayout(runId, null);
    }

    /** The same run, its nodes protected by {@code secret} (see {@link RunSecret}). */
    public RunLayout securedBy(RunSecret secret) {
        return new RunLayout(runId, Objects.requireNonNull(secret, "secret"));
    }

    /** The run's secret, if its nodes are protected. */
    public Optional<RunSecret> secret() {
        return Optional.ofNullable(secret);
    }

    /** The ACL every node of this run is created with: the secret's, or open without one. */
    public List<ACL> acl() {
        return secret == null ? ZooDefs.Ids.OPEN_ACL_UNSAFE : secret.acl();
    }

    /** Gives the session the run's credentials (nothing to do for an open run); returns it. */
    public ZooKeeper authenticate(ZooKeeper zk) {
        if (secret != null) {
            secret.authenticate(zk);
        }
        return zk;
    }

    /**
     * Checks a run id, participant id or barrier name used as one path segment.
     *
     * @throws IllegalArgumentException naming the value and the rule
     */
    public static String requireName(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-64 characters of letters, digits, '.', '_' or '-'"
                    + " starting with a letter or digit, was '" + value + "'");
        }
        return value;
    }

    public String runId() {
        return runId;
    }

    /** The run root; its data is the run's {@code run-start} event as JSON. */
    public String root() {
        return root;
    }

    /** Parent of the event log: persistent sequential children {@code e-NNNNNNNNNN}. */
    public String events() {
        return root + "/events";
    }

    /** Prefix for creating event nodes with {@code PERSISTENT_SEQUENTIAL}. */
    public String eventPrefix() {
        return events() + "/e-";
    }

    /** Parent of the participants' presence nodes. */
    public String participants() {
        return root + "/participants";
    }

    /** Ephemeral presence node of a participant (exists while its session lives). */
    public String participant(String participantId) {
        return participants() + "/" + requireName(participantId, "participant id");
    }

    /** Parent of the run's barriers. */
    public String barriers() {
        return root + "/barriers";
    }

    /** Root path of a named barrier of this run (barrier-lib's layout continues below it). */
    public String barrier(String name) {
        return barriers() + "/" + requireName(name, "barrier name");
    }

    /** The step gate (step mode); see docs/znode-layout.md. */
    public String gate() {
        return root + "/gate";
    }

    /**
     * Parent of the control channel: commands for the launcher written by another process (a
     * visualizer), one {@code PERSISTENT_SEQUENTIAL} child {@code c-NNNNNNNNNN} each; see
     * docs/znode-layout.md ("Control").
     */
    public String control() {
        return root + "/control";
    }

    /** Prefix for creating control commands with {@code PERSISTENT_SEQUENTIAL}. */
    public String controlPrefix() {
        return control() + "/c-";
    }

    /**
     * Parent of the rejoin markers: {@code rejoin/<id>} exists while participant {@code id} is
     * being restarted to rejoin its round (data {@code restarting}, then {@code reset} each time
     * the restarted participant has reset a barrier); see docs/znode-layout.md ("Restart").
     */
    public String rejoins() {
        return root + "/rejoin";
    }

    /** The rejoin marker of one participant. */
    public String rejoin(String participantId) {
        return rejoins() + "/" + requireName(participantId, "participant id");
    }

    /** Parent of the per-participant mailboxes of the classic algorithms. */
    public String mailboxes() {
        return root + "/mailboxes";
    }

    /** Inbox of one participant: persistent sequential message nodes {@code m-NNNNNNNNNN}. */
    public String mailbox(String participantId) {
        return mailboxes() + "/" + requireName(participantId, "participant id");
    }

    /** Parent of the classic algorithms' state (election, mutex). */
    public String algorithms() {
        return root + "/algo";
    }

    /** Ephemeral node of the launcher's session: participants exit when it disappears. */
    public String launcher() {
        return root + "/launcher";
    }

    /** The verdict line written by the launcher at the end of the run. */
    public String verdict() {
        return root + "/verdict";
    }

    /** Path relative to the run root ({@code /barriers/all} for a barrier), for trace scopes. */
    public String relative(String absolutePath) {
        if (absolutePath.equals(root)) {
            return "/";
        }
        if (!absolutePath.startsWith(root + "/")) {
            throw new IllegalArgumentException("path " + absolutePath + " is not inside run " + runId);
        }
        return absolutePath.substring(root.length());
    }

    @Override
    public String toString() {
        return root;
    }
}
