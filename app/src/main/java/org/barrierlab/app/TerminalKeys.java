package org.barrierlab.app;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controlling terminal, for the step mode of {@code demo}: keys one at a time without Enter
 * and without echo ({@code stty -icanon -echo}, so a key press does not move the cursor under
 * the redrawn table), restored on {@link #close} and at JVM exit; and the terminal's width.
 * Ctrl+C still interrupts (signals stay on).
 *
 * <pre>{@code
 * try (TerminalKeys keys = TerminalKeys.singleKeys().orElseThrow()) {
 *     int k = System.in.read();   // 'c' arrives at once
 * }
 * }</pre>
 */
final class TerminalKeys implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalKeys.class);
    private static final File TTY = new File("/dev/tty");

    private final String saved;
    private final Thread restoreAtExit;
    private boolean closed;

    private TerminalKeys(String saved) {
        this.saved = saved;
        this.restoreAtExit = new Thread(this::restore, "terminal-restore");
        Runtime.getRuntime().addShutdownHook(restoreAtExit);
    }

    /** Single-key mode on the controlling terminal, or empty when there is none (a pipe, CI). */
    static Optional<TerminalKeys> singleKeys() {
        if (System.console() == null || !TTY.exists()) {
            return Optional.empty();
        }
        Optional<String> saved = stty("-g");
        if (saved.isEmpty() || stty("-icanon", "-echo", "min", "1").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TerminalKeys(saved.get().trim()));
    }

    /** The terminal's width in columns ({@code stty size}, else $COLUMNS, else 80). */
    static int columns() {
        if (System.console() != null && TTY.exists()) {
            Optional<String> size = stty("size");
            if (size.isPresent()) {
                String[] rc = size.get().trim().split("\\s+");
                if (rc.length == 2 && rc[1].matches("\\d+") && Integer.parseInt(rc[1]) >= 20) {
                    return Integer.parseInt(rc[1]);
                }
            }
        }
        String env = System.getenv("COLUMNS");
        return env != null && env.matches("\\d+") && Integer.parseInt(env) >= 20 ? Integer.parseInt(env) : 80;
    }

    private static Optional<String> stty(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectInput(TTY)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            LOG.debug("stty {} failed: {}", args, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private synchronized void restore() {
        if (!closed) {
            closed = true;
            stty(saved);
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreAtExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook restores the terminal
        }
    }
}
