package org.barrierlab.launcher.cluster;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM started on a node from the launcher's own files: the same Java
 * binary path and the launcher's class path, made absolute (on a lab cluster both are at the
 * same paths on every node, the project on the shared file system).
 */
public final class LauncherJvm {

    private LauncherJvm() {}

    /** The launcher's Java binary, by absolute path. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The launcher's class path with absolute entries ({@code lib/*} wildcards kept as such). */
    public static String classPath() {
        List<String> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                out.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    /**
     * {@code java <small-heap options> -cp <class path> <main> <args...>} for a helper JVM on a
     * node; {@code heap} like {@code 64m}.
     */
    public static List<String> command(String heap, Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(
                javaBinary(),
                "-Xmx" + heap,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Dlogback.configurationFile=barrierlab-participant-logback.xml",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp",
                classPath(),
                main.getName()));
        cmd.addAll(args);
        return cmd;
    }
}
