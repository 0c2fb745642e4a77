package org.barrierlab.app;

import java.io.PrintWriter;
import org.barrierlab.launcher.run.RunSpecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code barrierlab} command line: one entry point with subcommands. Conventions (see
 * shared/HOUSE_STYLE.md): results on stdout, progress on stderr; exit code 0 on success, 2 with
 * one clear line (no stack trace) for bad input, 1 for other failures; other codes are
 * documented by the subcommand that uses them.
 */
@Command(
        name = "barrierlab",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "ZooKeeper barriers for teaching and production: run the course's scenarios,"
                + " watch them, measure them.",
        subcommands = {
            DemoCommand.class,
            TourCommand.class,
            ScenariosCommand.class,
            VisualizeCommand.class,
            ZkCommand.class,
            org.barrierlab.app.BenchCommand.class,
            DoctorCommand.class,
            CleanupCommand.class,
            GradeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class BarrierLabCommand implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(BarrierLabCommand.class);

    /** Exit code for bad input (unknown option, bad value, unreachable ensemble...). */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Runs the command line and returns the exit code (does not exit). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    /** The configured command line, for tests and for subcommands registered by other modules. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new BarrierLabCommand());
        cl.setParameterExceptionHandler(BarrierLabCommand::onBadParameters);
        cl.setExecutionExceptionHandler(BarrierLabCommand::onExecutionFailure);
        return cl;
    }

    private static int onBadParameters(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        // One line, as for every other kind of bad input: the problem, then where help is.
        err.println("barrierlab: " + e.getMessage() + " (see '"
                + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return EXIT_USAGE;
    }

    private static int onExecutionFailure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof UsageException || e instanceof RunSpecException || e instanceof IllegalArgumentException) {
            err.println("barrierlab " + cl.getCommandName() + ": " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        LOG.debug("Command failed", e);
        err.println("barrierlab " + cl.getCommandName() + ": " + e);
        err.flush();
        return 1;
    }
}
