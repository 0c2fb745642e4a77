package org.barrierlab.launcher;

import org.barrierlab.launcher.cli.BarrierLabCommand;

/** Entry point of the {@code barrierlab} command; see {@link BarrierLabCommand}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(BarrierLabCommand.run(args));
    }
}
