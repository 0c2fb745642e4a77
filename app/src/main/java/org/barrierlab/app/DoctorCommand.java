package org.barrierlab.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.barrierlab.launcher.cluster.ClusterDoctor;
import org.barrierlab.launcher.remote.RemoteShell;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.launcher.zk.UserPorts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code barrierlab doctor --hosts n1,n2,n3}: one line per node on stdout, each failure with the
 * fix to try. Exit code 0 when every node is fine, 1 when one is not, 2 for bad input.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Check the nodes of a lab cluster before a run: one line per node.",
            "Checks: the remote shell works in batch mode, Java at this launcher's path (17+), the project's"
                    + " files at the same path, the ZooKeeper connect string reachable from the node (and its"
                    + " reverse lookup quick), this user's ZooKeeper ports free.",
            "Exit code 0: every node is fine; 1: a node is not (the line says what to fix); 2: bad input."
        })
public final class DoctorCommand implements Callable<Integer> {

    @Option(
            names = "--hosts",
            required = true,
            paramLabel = "H1,H2,...",
            split = ",",
            description = "The nodes to check.")
    List<String> hosts = new ArrayList<>();

    @Option(
            names = "--remote-shell",
            paramLabel = "TEMPLATE",
            defaultValue = RunSpec.DEFAULT_REMOTE_SHELL,
            description = "Command that runs a command on {host} (default: '${DEFAULT-VALUE}').")
    String remoteShell;

    @Option(
            names = "--zk",
            paramLabel = "CONNECT",
            description = "The ZooKeeper connect string the run will give its participants (default: not checked).")
    String zk;

    @Option(
            names = "--port",
            paramLabel = "P",
            defaultValue = "0",
            description = "First of the three ports 'zk --hosts' would use (default: this user's).")
    int port;

    @Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        RemoteShell shell = ClusterDoctor.remoteShell(hosts, remoteShell);
        int base = port == 0 ? UserPorts.base() : port;
        if (zk == null) {
            err.println("doctor: no --zk given, so ZooKeeper reachability is not checked");
        }
        List<ClusterDoctor.NodeReport> reports =
                new ClusterDoctor(shell).check(hosts, zk, List.of(base, base + 1, base + 2));
        for (ClusterDoctor.NodeReport r : reports) {
            out.println(r.line());
        }
        out.flush();
        return reports.stream().allMatch(ClusterDoctor.NodeReport::ok) ? 0 : 1;
    }
}
