package org.barrierlab.runmodel.control;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.runmodel.layout.RunLayout;

/**
 * One command of a run's control channel ({@code <run root>/control/c-NNNNNNNNNN}, data one
 * line): {@code step}, {@code step <id>} (that participant moves next), {@code continue},
 * {@code pause}, {@code speed <x>}, {@code kill <id>}, {@code restart <id>}, and for the ZooKeeper
 * servers of an ensemble the launcher started {@code kill-server <server id|leader>}, {@code
 * restart-server <server id>}. See docs/znode-layout.md ("Control").
 *
 * <pre>{@code
 * ControlCommand c = ControlCommand.parse("kill p2");   // verb "kill", argument "p2"
 * }</pre>
 *
 * @param verb the command word
 * @param argument its argument, or empty
 */
public record ControlCommand(String verb, String argument) {

    public ControlCommand {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(argument, "argument");
    }

    /**
     * Parses one command line.
     *
     * @throws IllegalArgumentException naming the line and the accepted commands
     */
    public static ControlCommand parse(String line) {
        String[] w = Objects.requireNonNull(line, "line").trim().split("\\s+");
        String verb = w[0];
        switch (verb) {
            case "step" -> {
                if (w.length > 2) {
                    throw bad(line);
                }
                return new ControlCommand(verb, w.length == 2 ? RunLayout.requireName(w[1], "participant id") : "");
            }
            case "continue", "pause" -> {
                if (w.length != 1) {
                    throw bad(line);
                }
                return new ControlCommand(verb, "");
            }
            case "speed" -> {
                if (w.length != 2) {
                    throw bad(line);
                }
                try {
                    double x = Double.parseDouble(w[1]);
                    if (!(x >= 0.01 && x <= 1000)) {
                        throw bad(line);
                    }
                } catch (NumberFormatException e) {
                    throw bad(line);
                }
                return new ControlCommand(verb, w[1]);
            }
            case "kill", "restart" -> {
                if (w.length != 2) {
                    throw bad(line);
                }
                RunLayout.requireName(w[1], "participant id");
                return new ControlCommand(verb, w[1]);
            }
            case "kill-server", "restart-server" -> {
                boolean leaderAllowed = verb.equals("kill-server");
                if (w.length != 2 || !(w[1].matches("[1-9][0-9]?") || (leaderAllowed && w[1].equals("leader")))) {
                    throw bad(line);
                }
                return new ControlCommand(verb, w[1]);
            }
            default -> throw bad(line);
        }
    }

    private static IllegalArgumentException bad(String line) {
        return new IllegalArgumentException("control command must be one of: step [<id>], continue, pause,"
                + " speed <0.01..1000>, kill <id>, restart <id>, kill-server <server id|leader>,"
                + " restart-server <server id>; was '" + line.trim() + "'");
    }

    @Override
    public String toString() {
        return argument.isEmpty() ? verb : verb + " " + argument;
    }

    /**
     * Appends {@code command} to the run's control channel (a sequential znode under {@link
     * RunLayout#controlPrefix()}), where the run's launcher executes it in order. Validated first.
     *
     * @throws IllegalArgumentException if the command is not one the launcher knows
     * @throws KeeperException.NoNodeException if the run has no control channel (it has ended)
     */
    public static void send(ZooKeeper zk, RunLayout run, String command) throws KeeperException, InterruptedException {
        parse(command);
        zk.create(
                run.controlPrefix(),
                command.trim().getBytes(StandardCharsets.UTF_8),
                run.acl(),
                CreateMode.PERSISTENT_SEQUENTIAL);
    }
}
