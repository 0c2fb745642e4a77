package org.barrierlab.launcher.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.barrierlab.launcher.remote.RemoteShell;
import org.barrierlab.launcher.scenario.Scenario;
import org.barrierlab.launcher.scenario.Scenarios;
import org.barrierlab.runmodel.layout.RunLayout;

/**
 * Everything a {@link Run} needs, validated when built and immutable afterwards.
 *
 * <pre>{@code
 * RunSpec spec = RunSpec.builder("reusable")
 *         .participants(4)
 *         .rounds(5)
 *         .speed(4.0)
 *         .kill(KillSpec.parse("p2@3"))
 *         .build();
 * try (Run run = Run.start(spec)) {
 *     Verdict v = run.awaitVerdict(2, TimeUnit.MINUTES);
 * }
 * }</pre>
 *
 * <p>Defaults: 4 participants, the scenario's rounds, an embedded ZooKeeper ({@code
 * connectString == null}), participants on this machine ({@code hosts} empty), remote shell
 * {@value #DEFAULT_REMOTE_SHELL}, no step mode, speed 1, a deadline derived from the scenario,
 * rounds and speed, no kills, no recording, a random seed, the scenario's barrier
 * implementation, a fresh run id.
 */
public final class RunSpec {

    /** The remote shell template used with {@code --hosts} unless another is given. */
    public static final String DEFAULT_REMOTE_SHELL = "ssh -o BatchMode=yes {host}";

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._@:\\[\\]-]{1,255}");

    private final Scenario scenario;
    private final int participants;
    private final int rounds;
    private final String connectString;
    private final List<String> hosts;
    private final String remoteShell;
    private final boolean step;
    private final double speed;
    private final Duration deadline;
    private final List<KillSpec> kills;
    private final Path recordFile;
    private final long seed;
    private final String barrier;
    private final String runId;

    private RunSpec(Builder b) {
        this.scenario = b.scenario;
        this.participants = b.participants;
        this.rounds = b.rounds > 0 ? b.rounds : scenario.defaultRounds();
        this.connectString = b.connectString;
        this.hosts = List.copyOf(b.hosts);
        this.remoteShell = b.remoteShell;
        this.step = b.step;
        this.speed = b.speed;
        this.deadline = b.deadline;
        this.kills = List.copyOf(b.kills);
        this.recordFile = b.recordFile;
        this.seed = b.seed != null ? b.seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        this.barrier = b.barrier != null ? b.barrier : scenario.defaultBarrier();
        this.runId = b.runId;
    }

    /** A builder for the named scenario ({@link Scenarios#DEFAULT} if null). */
    public static Builder builder(String scenario) {
        return new Builder(scenario == null ? Scenarios.DEFAULT : scenario);
    }

    public Scenario scenario() {
        return scenario;
    }

    public int participants() {
        return participants;
    }

    public int rounds() {
        return rounds;
    }

    /** The ensemble to use, or null for an embedded server started (and stopped) by the run. */
    public String connectString() {
        return connectString;
    }

    /** Hosts for the participants (round-robin through the remote shell); empty = this machine. */
    public List<String> hosts() {
        return hosts;
    }

    /** The remote shell template; {@code {host}} is replaced by the host. */
    public String remoteShell() {
        return remoteShell;
    }

    public boolean step() {
        return step;
    }

    public double speed() {
        return speed;
    }

    /** The explicit deadline, or null to derive it from the scenario, rounds and speed. */
    public Duration deadline() {
        return deadline;
    }

    public List<KillSpec> kills() {
        return kills;
    }

    /** Where to write the JSON-lines recording at the end, or null. */
    public Path recordFile() {
        return recordFile;
    }

    public long seed() {
        return seed;
    }

    /** {@code lib} or {@code tutorial}. */
    public String barrier() {
        return barrier;
    }

    /** The requested run id, or null for a generated one. */
    public String runId() {
        return runId;
    }

    /** The participant ids of this run. */
    public List<String> participantIds() {
        return scenario.participants(participants);
    }

    /** Builds a {@link RunSpec}; {@link #build()} validates everything. Not thread-safe. */
    public static final class Builder {
        private final Scenario scenario;
        private int participants = 4;
        private int rounds;
        private String connectString;
        private List<String> hosts = List.of();
        private String remoteShell = DEFAULT_REMOTE_SHELL;
        private boolean step;
        private double speed = 1.0;
        private Duration deadline;
        private final List<KillSpec> kills = new ArrayList<>();
        private Path recordFile;
        private Long seed;
        private String barrier;
        private String runId;

        private Builder(String scenario) {
            this.scenario = Scenarios.get(scenario);
        }

        /** Number of participant JVMs, 1..64 (at least the scenario's minimum). */
        public Builder participants(int n) {
            this.participants = n;
            return this;
        }

        /** Rounds of the story; 0 = the scenario's default. */
        public Builder rounds(int r) {
            this.rounds = r;
            return this;
        }

        /** An existing ensemble; null = start an embedded server. */
        public Builder connectString(String connect) {
            this.connectString = connect;
            return this;
        }

        public Builder hosts(List<String> hosts) {
            this.hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
            return this;
        }

        public Builder remoteShell(String template) {
            this.remoteShell = Objects.requireNonNull(template, "template");
            return this;
        }

        public Builder step(boolean step) {
            this.step = step;
            return this;
        }

        /** Think-time divisor, 0.01..1000 (2 = twice as fast). */
        public Builder speed(double speed) {
            this.speed = speed;
            return this;
        }

        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        public Builder kill(KillSpec kill) {
            this.kills.add(Objects.requireNonNull(kill, "kill"));
            return this;
        }

        public Builder recordFile(Path file) {
            this.recordFile = file;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** {@code lib} or {@code tutorial} (tutorial only for scenarios that support it); null = default. */
        public Builder barrier(String barrier) {
            this.barrier = barrier;
            return this;
        }

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the bad value and the rule
         */
        public RunSpec build() {
            if (participants < scenario.minParticipants() || participants > 64) {
                throw new IllegalArgumentException("--participants must be between " + scenario.minParticipants()
                        + " and 64 for scenario " + scenario.name() + ", was " + participants);
            }
            if (rounds < 0 || rounds > 10_000) {
                throw new IllegalArgumentException("--rounds must be between 1 and 10000, was " + rounds);
            }
            if (!(speed >= 0.01 && speed <= 1000)) {
                throw new IllegalArgumentException("--speed must be between 0.01 and 1000, was " + speed);
            }
            if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
                throw new IllegalArgumentException("--deadline must be positive, was " + deadline);
            }
            if (connectString != null && !connectString.matches("[A-Za-z0-9._:\\[\\],-]+(/[A-Za-z0-9._/-]*)?")) {
                throw new IllegalArgumentException(
                        "--zk must be host:port[,host:port...], was '" + connectString + "'");
            }
            for (String h : hosts) {
                if (!HOST.matcher(h).matches()) {
                    throw new IllegalArgumentException(
                            "--hosts must be a comma-separated list of host names, found '" + h + "'");
                }
            }
            if (!hosts.isEmpty()) {
                RemoteShell.parse(remoteShell); // names the problem: empty, unclosed quote
            }
            if (barrier != null && !barrier.equals("lib") && !barrier.equals("tutorial")) {
                throw new IllegalArgumentException("--barrier must be 'lib' or 'tutorial', was '" + barrier + "'");
            }
            if ("tutorial".equals(barrier) && !scenario.supportsTutorialBarrier()) {
                throw new IllegalArgumentException(
                        "--barrier tutorial is only for scenario tutorial-race, not " + scenario.name());
            }
            if (runId != null) {
                RunLayout.requireName(runId, "run id");
            }
            if (recordFile != null) {
                RunRecording.checkTarget(recordFile);
            }
            List<String> ids = scenario.participants(participants);
            for (KillSpec k : kills) {
                if (!ids.contains(k.participant())) {
                    throw new IllegalArgumentException("--kill names participant '" + k.participant()
                            + "', but this run has " + ids.get(0) + ".." + ids.get(ids.size() - 1));
                }
                if (k.isRoundKill() && !scenario.supportsRoundKills()) {
                    throw new IllegalArgumentException("scenario " + scenario.name()
                            + " has no rounds to kill in; give a time instead, e.g. --kill " + k.participant()
                            + "@5s");
                }
                int effectiveRounds = rounds > 0 ? rounds : scenario.defaultRounds();
                if (k.isRoundKill() && k.round() > effectiveRounds) {
                    throw new IllegalArgumentException(
                            "--kill " + k + ": the run has only " + effectiveRounds + " rounds");
                }
            }
            return new RunSpec(this);
        }
    }
}
