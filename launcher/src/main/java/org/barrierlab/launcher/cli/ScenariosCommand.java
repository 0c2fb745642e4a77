package org.barrierlab.launcher.cli;

import org.barrierlab.launcher.scenario.Scenario;
import org.barrierlab.launcher.scenario.Scenarios;
import picocli.CommandLine.Command;

/** {@code barrierlab scenarios}: lists the course's scenarios with a one-line story each. */
@Command(
        name = "scenarios",
        mixinStandardHelpOptions = true,
        description = "List the scenarios 'barrierlab demo' can run, with a one-line story each.")
public final class ScenariosCommand implements Runnable {

    @Override
    public void run() {
        int width = 0;
        for (Scenario s : Scenarios.list()) {
            width = Math.max(width, s.name().length());
        }
        for (Scenario s : Scenarios.list()) {
            String mark = s.name().equals(Scenarios.DEFAULT) ? "*" : " ";
            String unavailable = s.unavailableReason().isPresent() ? " [not available in this build]" : "";
            System.out.printf("%s %-" + width + "s  %s%s%n", mark, s.name(), s.story(), unavailable);
        }
        System.out.println("(* = the default of 'barrierlab demo')");
    }
}
