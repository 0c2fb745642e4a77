package org.barrierlab.visualizer.source;

/**
 * The presenter's commands, sent to whatever runs the participants: the launcher's Run API,
 * the run's control channel in ZooKeeper, or a replay. Calls may block briefly (a ZooKeeper
 * write), so the UI calls them off the FX thread.
 *
 * <pre>{@code
 * control.setStepMode(true);
 * control.step();             // exactly one participant operation proceeds
 * control.continueRun();
 * }</pre>
 */
public interface RunControl {

    /** Pauses the participants before their next barrier operation (step mode on). */
    void pause() throws ControlException;

    /** Grants exactly one step (turns step mode on if it was off). */
    void step() throws ControlException;

    /**
     * Grants the next step to {@code participant} only (turns step mode on if it was off): the
     * presenter picks who moves next; the others keep waiting.
     */
    default void step(String participant) throws ControlException {
        throw new ControlException("this view cannot pick who steps next");
    }

    /** Leaves step mode: everybody runs freely. */
    void continueRun() throws ControlException;

    /** Sets the run's speed factor (1.0 = normal). */
    void setSpeed(double factor) throws ControlException;

    /** True if {@link #kill} and {@link #restart} work (not for a replay). */
    boolean supportsFaults();

    /** SIGKILLs the participant's JVM. */
    void kill(String participant) throws ControlException;

    /** Restarts the participant's JVM. */
    void restart(String participant) throws ControlException;

    /**
     * True if {@link #killServer} and {@link #restartServer} may work: the run's launcher is
     * asked (it acts only on an ensemble it started, {@code demo --ensemble 3}).
     */
    default boolean supportsServerFaults() {
        return false;
    }

    /** Kills ZooKeeper server {@code target} of the run's ensemble: an id, or {@code leader}. */
    default void killServer(String target) throws ControlException {
        throw new ControlException("this view cannot kill ZooKeeper servers");
    }

    /** Restarts killed ZooKeeper server {@code id} of the run's ensemble. */
    default void restartServer(int id) throws ControlException {
        throw new ControlException("this view cannot restart ZooKeeper servers");
    }

    /** Controls that do nothing, for a source that cannot be controlled. */
    RunControl NONE = new RunControl() {
        @Override
        public void pause() {}

        @Override
        public void step() {}

        @Override
        public void continueRun() {}

        @Override
        public void setSpeed(double factor) {}

        @Override
        public boolean supportsFaults() {
            return false;
        }

        @Override
        public void kill(String participant) throws ControlException {
            throw new ControlException("this view cannot kill participants");
        }

        @Override
        public void restart(String participant) throws ControlException {
            throw new ControlException("this view cannot restart participants");
        }
    };
}
