package org.barrierlab.app;

import java.io.PrintWriter;
import org.barrierlab.launcher.scenario.Scenario;
import org.barrierlab.launcher.scenario.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code barrierlab scenarios}: lists the course's scenarios with a one-line story each. *
 * <pre>{@code
 * ./barrierlab scenarios
 * }</pre>
 */
@Command(
        name = "scenarios",
        mixinStandardHelpOptions = true,
        description = "List the scenarios 'barrierlab demo' can run, with a one-line story each.")
public final class ScenariosCommand implements Runnable {

    @Spec
    CommandSpec commandSpec;

    @Override
    public void run() {
        PrintWriter out = commandSpec.commandLine().getOut();
        int width = 0;
        for (Scenario s : Scenarios.list()) {
            width = Math.max(width, s.name().length());
        }
        for (Scenario s : Scenarios.list()) {
            String mark = s.name().equals(Scenarios.DEFAULT) ? "*" : " ";
            String unavailable = s.unavailableReason().isPresent() ? " [not available in this build]" : "";
            out.printf("%s %-" + width + "s  %s%s%n", mark, s.name(), s.story(), unavailable);
        }
        out.println("(* = the default of 'barrierlab demo')");
        out.flush();
    }
}
