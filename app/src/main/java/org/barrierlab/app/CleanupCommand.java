package org.barrierlab.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.barrierlab.launcher.cluster.ClusterDoctor;
import org.barrierlab.launcher.remote.RemoteShell;
import org.barrierlab.launcher.run.RunSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code barrierlab cleanup --hosts n1,n2,n3}: on each node, ends every Barrier Lab process of
 * this user (participants, ZooKeeper servers started by {@code zk --hosts}, benchmark
 * participants) with SIGKILL and removes this user's ZooKeeper data directories, then says what
 * it ended. Only processes in the node's own network namespace count, so on a simulated cluster
 * (namespaces sharing one kernel) a node's cleanup never touches another node or the head.
 */
@Command(
        name = "cleanup",
        mixinStandardHelpOptions = true,
        description = {
            "End leftover Barrier Lab processes of this user on the nodes (participants, ZooKeeper servers)"
                    + " and remove this user's ZooKeeper data directories there; says what it ended.",
            "Note: this also ends the processes of a run of yours that is still going on those nodes."
        })
public final class CleanupCommand implements Callable<Integer> {

    /** Runs on the node: what to end is decided there, by uid, network namespace and main class. */
    static final String SCRIPT = String.join(
            "\n",
            "me=$(id -u); net=$(readlink /proc/$$/ns/net 2>/dev/null); n=0",
            "for d in /proc/[0-9]*; do",
            "  p=${d#/proc/}; [ \"$p\" = \"$$\" ] && continue",
            "  [ \"$(stat -c %u \"$d\" 2>/dev/null)\" = \"$me\" ] || continue",
            "  [ \"$(readlink \"$d/ns/net\" 2>/dev/null)\" = \"$net\" ] || continue",
            "  [ \"$(cat \"$d/comm\" 2>/dev/null)\" = java ] || continue",
            "  args=$(tr '\\0' ' ' < \"$d/cmdline\" 2>/dev/null)",
            "  case \"$args\" in",
            "    *org.barrierlab.launcher.jvm.ParticipantMain*) what=\"participant"
                    + " $(echo \"$args\" | grep -o 'id=[^ ]*' | head -1) $(echo \"$args\" | grep -o 'run=[^ ]*' |"
                    + " head -1)\";;",
            "    *org.barrierlab.launcher.zk.ZkServerMain*) what=\"ZooKeeper server $(echo \"$args\" | sed"
                    + " 's/.*ZkServerMain \\([0-9]*\\) \\([^ ]*\\).*/\\1 (data \\2)/')\";;",
            "    *org.barrierlab.bench.BenchParticipantMain*) what=\"benchmark participant\";;",
            "    *) continue;;",
            "  esac",
            "  if kill -9 \"$p\" 2>/dev/null; then echo \"ended pid $p: $what\"; n=$((n+1)); fi",
            "done",
            "for d in /tmp/barrierlab-zk-$(id -un)-*; do",
            "  [ -d \"$d\" ] && rm -rf \"$d\" && echo \"removed $d\"",
            "done",
            "[ \"$n\" = 0 ] && echo 'nothing to end'",
            "exit 0");

    @Option(
            names = "--hosts",
            required = true,
            paramLabel = "H1,H2,...",
            split = ",",
            description = "The nodes to clean up.")
    List<String> hosts = new ArrayList<>();

    @Option(
            names = "--remote-shell",
            paramLabel = "TEMPLATE",
            defaultValue = RunSpec.DEFAULT_REMOTE_SHELL,
            description = "Command that runs a command on {host} (default: '${DEFAULT-VALUE}').")
    String remoteShell;

    @Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = commandSpec.commandLine().getOut();
        RemoteShell shell = ClusterDoctor.remoteShell(hosts, remoteShell);
        int failed = 0;
        for (String host : hosts.stream().distinct().toList()) {
            List<String> lines = new ArrayList<>();
            int code = run(shell.command(host, List.of("sh", "-c", SCRIPT)), lines);
            if (code != 0) {
                failed++;
                out.println(host + ": FAIL the remote shell failed with exit code " + code + ": "
                        + (lines.isEmpty() ? "no output" : lines.get(lines.size() - 1)));
                continue;
            }
            for (String l : lines) {
                out.println(host + ": " + l);
            }
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private static int run(List<String> command, List<String> lines) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            Thread reader = new Thread(
                    () -> {
                        try {
                            p.getInputStream().transferTo(all);
                        } catch (IOException e) {
                            // the process ended; what was read is what counts
                        }
                    },
                    "cleanup-output");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(ClusterDoctor.NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                lines.add("no answer within " + ClusterDoctor.NODE_TIMEOUT_SECONDS + " s");
                return -1;
            }
            reader.join(5000);
            new String(all.toByteArray(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .forEach(lines::add);
            return p.exitValue();
        } catch (IOException e) {
            lines.add(e.getMessage());
            return -1;
        }
    }
}
