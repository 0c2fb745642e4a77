package org.barrierlab.launcher.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.barrierlab.launcher.remote.RemoteShell;

/**
 * Checks the nodes of a lab cluster before anything is started there, one report per node: the
 * remote shell works in batch mode (its own error is shown), Java is at the launcher's path and
 * recent enough, the launcher's files are visible at the same paths, the ZooKeeper servers of a
 * connect string accept connections from the node (and their reverse lookup is quick), and the
 * ports a server would use are free. Each failure comes with the fix to try. The nodes are
 * checked in parallel with {@link NodeProbe}, each within {@link #NODE_TIMEOUT_SECONDS}.
 *
 * <pre>{@code
 * ClusterDoctor doctor = new ClusterDoctor(ClusterDoctor.remoteShell(hosts, "ssh -o BatchMode=yes {host}"));
 * for (ClusterDoctor.NodeReport r : doctor.check(hosts, "head:2181", List.of())) {
 *     System.out.println(r.line());
 * }
 * }</pre>
 */
public final class ClusterDoctor {

    /** A node that has not answered within this time is reported as not answering. */
    public static final int NODE_TIMEOUT_SECONDS = 25;

    /** A reverse lookup slower than this delays every ZooKeeper connection from the node. */
    static final long SLOW_REVERSE_MS = 1000;

    private final RemoteShell shell;

    public ClusterDoctor(RemoteShell shell) {
        this.shell = Objects.requireNonNull(shell, "shell");
    }

    /** One node's result: {@code line} is what doctor prints, {@code problem} the first failure. */
    public record NodeReport(String host, boolean ok, String line, String problem) {}

    /**
     * Parses and checks a remote-shell template for use with {@code hosts}.
     *
     * @throws IllegalArgumentException if there are no hosts, a host name is malformed, the
     *     template lacks {@code {host}}, or its command is not found on this machine
     */
    public static RemoteShell remoteShell(List<String> hosts, String template) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("--hosts must name at least one host");
        }
        for (String h : hosts) {
            if (!h.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException(
                        "--hosts must be a comma-separated list of host names, found '" + h + "'");
            }
        }
        if (!template.contains("{host}")) {
            throw new IllegalArgumentException(
                    "--remote-shell must contain {host} (where the host name goes), was '" + template + "'");
        }
        RemoteShell shell = RemoteShell.parse(template);
        String command = shell.command("h", List.of()).get(0);
        if (!isExecutable(command)) {
            throw new IllegalArgumentException("--remote-shell command '" + command + "' is not found on this machine"
                    + (command.contains("/") ? "" : " (not on the PATH)"));
        }
        return shell;
    }

    private static boolean isExecutable(String command) {
        if (command.contains("/")) {
            return Files.isExecutable(Path.of(command));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks every host in parallel.
     *
     * @param connect a ZooKeeper connect string the nodes must reach, or null
     * @param ports ports that must be free on every node (empty for none)
     */
    public List<NodeReport> check(List<String> hosts, String connect, List<Integer> ports) {
        // Own threads: the common pool has one thread on a 2-core machine, and each check blocks.
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "doctor");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<NodeReport>> futures = new ArrayList<>();
            for (String host : hosts.stream().distinct().toList()) {
                futures.add(CompletableFuture.supplyAsync(() -> checkOne(host, connect, ports, pool), pool));
            }
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }
    }

    /** The first failing report's "node: problem" line, or null if every node is fine. */
    public static String firstProblem(List<NodeReport> reports) {
        return reports.stream()
                .filter(r -> !r.ok())
                .findFirst()
                .map(r -> "node " + r.host() + ": " + r.problem())
                .orElse(null);
    }

    private NodeReport checkOne(String host, String connect, List<Integer> ports, Executor pool) {
        String cp = LauncherJvm.classPath();
        List<String> probe = LauncherJvm.command(
                "32m",
                NodeProbe.class,
                List.of(
                        cp,
                        connect == null ? "-" : connect,
                        ports.isEmpty()
                                ? "-"
                                : ports.stream().map(String::valueOf).collect(Collectors.joining(","))));
        Result r = run(shell.command(host, probe), pool);
        if (r.timedOut) {
            return fail(
                    host,
                    "no answer within " + NODE_TIMEOUT_SECONDS + " s through '" + shell + "'",
                    "check that the node is up and reachable; add -o ConnectTimeout=5 to --remote-shell");
        }
        List<String> lines =
                r.output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (r.exitCode != 0 || lines.stream().noneMatch(l -> l.startsWith("java="))) {
            return diagnoseStartFailure(host, r, lines);
        }
        List<String> facts = new ArrayList<>();
        facts.add("ssh ok");
        String version = value(lines, "java=");
        if (feature(version) < 17) {
            return fail(
                    host,
                    "Java " + version + " at " + LauncherJvm.javaBinary() + " is older than 17",
                    "install JDK 17+ at " + LauncherJvm.javaBinary() + " on every node");
        }
        facts.add("java " + version);
        List<String> missing = lines.stream()
                .filter(l -> l.startsWith("missing="))
                .map(l -> l.substring(8))
                .toList();
        if (!missing.isEmpty()) {
            return fail(
                    host,
                    "the launcher's files are not at " + missing.get(0) + " on this node",
                    "put the project on the shared file system, at the same path on every node");
        }
        facts.add("files at the same path");
        for (String l : lines) {
            if (l.startsWith("zk=")) {
                String[] parts = l.substring(3).split(" ", 2);
                String server = parts[0];
                String verdict = parts.length > 1 ? parts[1] : "";
                if (verdict.equals("loopback")) {
                    return fail(
                            host,
                            "ZooKeeper " + server + " is a loopback address: from the node it is the node" + " itself",
                            "start ZooKeeper with 'barrierlab zk --bind 0.0.0.0' and give its printed connect string");
                }
                if (verdict.equals("unresolvable")) {
                    return fail(
                            host,
                            "cannot resolve ZooKeeper host " + server,
                            "use an address or a name the node resolves (e.g. 'zk --advertise <address>')");
                }
                if (verdict.startsWith("unreachable")) {
                    return fail(
                            host,
                            "cannot connect to ZooKeeper " + server + " (" + verdict.substring(12) + ")",
                            "start it with --bind 0.0.0.0 (or the address the nodes reach), check firewalls");
                }
                long reverse = parseMs(verdict, "reverse=");
                if (reverse > SLOW_REVERSE_MS) {
                    return fail(
                            host,
                            "reverse lookup of ZooKeeper " + server + " takes " + reverse + " ms",
                            "add the ZooKeeper host to /etc/hosts on the nodes or give its address");
                }
                facts.add("ZooKeeper " + server + " reachable (" + parseMs(verdict, "connect=") + " ms, reverse lookup "
                        + reverse + " ms)");
            }
        }
        List<String> taken = lines.stream()
                .filter(l -> l.startsWith("port=") && l.endsWith(" taken"))
                .map(l -> l.substring(5, l.indexOf(' ')))
                .toList();
        if (!taken.isEmpty()) {
            return fail(
                    host,
                    "port " + String.join(", ", taken) + " is taken",
                    "another group or a leftover server holds it: 'barrierlab cleanup --hosts " + host
                            + "', or choose --port");
        }
        if (!ports.isEmpty()) {
            facts.add("ports " + ports.stream().map(String::valueOf).collect(Collectors.joining(",")) + " free");
        }
        return new NodeReport(host, true, host + ": ok (" + String.join(", ", facts) + ")", null);
    }

    private NodeReport diagnoseStartFailure(String host, Result r, List<String> lines) {
        String last = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        String all = String.join("\n", lines);
        if (all.contains("Could not find or load main class") || all.contains("ClassNotFoundException")) {
            return fail(
                    host,
                    "the launcher's classes are not visible at "
                            + LauncherJvm.classPath().split(":")[0],
                    "put the project on the shared file system, at the same path on every node");
        }
        if (r.exitCode == 127 || (all.contains(LauncherJvm.javaBinary()) && all.contains("No such file"))) {
            return fail(
                    host,
                    "no Java at " + LauncherJvm.javaBinary() + " (" + last + ")",
                    "install JDK 17+ at the same path on every node");
        }
        return fail(
                host,
                "the remote shell failed with exit code " + r.exitCode + ": " + last,
                "check that '"
                        + String.join(" ", shell.command(host, List.of("true"))).replace(" 'true'", " true")
                        + "' works without a password (ssh-copy-id, known_hosts, the host name)");
    }

    private static NodeReport fail(String host, String problem, String fix) {
        String p = problem + " (fix: " + fix + ")";
        return new NodeReport(host, false, host + ": FAIL " + p, p);
    }

    private static String value(List<String> lines, String prefix) {
        return lines.stream()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .findFirst()
                .orElse("");
    }

    private static int feature(String version) {
        try {
            String first = version.split("[.+-]")[0];
            return Integer.parseInt(first.equals("1") ? version.split("\\.")[1] : first);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static long parseMs(String verdict, String key) {
        int i = verdict.indexOf(key);
        if (i < 0) {
            return -1;
        }
        String rest = verdict.substring(i + key.length());
        return Long.parseLong(rest.substring(0, rest.indexOf("ms")));
    }

    private record Result(int exitCode, String output, boolean timedOut) {}

    private static Result run(List<String> command, Executor pool) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, e.getMessage(), false);
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()), pool);
            if (!p.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", true);
            }
            return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Result(-1, "interrupted", true);
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Result(p.isAlive() ? -1 : p.exitValue(), String.valueOf(e.getMessage()), false);
        }
    }

    private static String readAll(InputStream in) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
