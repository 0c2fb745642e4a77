package org.barrierlab.app;

/** Entry point of the {@code barrierlab} command; see {@link BarrierLabCommand}. */
public final class BarrierLabApp {

    private BarrierLabApp() {}

    public static void main(String[] args) {
        System.exit(BarrierLabCommand.run(args));
    }
}
