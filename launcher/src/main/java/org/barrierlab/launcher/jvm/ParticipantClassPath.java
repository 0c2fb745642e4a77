package org.barrierlab.launcher.jvm;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The class path a participant JVM starts with: this JVM's class path, made absolute, without
 * what only the application needs (JavaFX and the visualizer, the benchmark with Curator and
 * XChart, picocli, the application jar whose manifest would pull all of them back in) and
 * without test libraries. A participant then loads the launcher, run-model, classic, barrier-lib,
 * ZooKeeper and logging, and starts in a fraction of the memory.
 *
 * <p>Entries are dropped by their file name, so an entry this class does not recognise (a build
 * tool's manifest-only jar, an IDE's output folder of another project) is kept: a class path that
 * is too wide costs memory, one that is too narrow kills the run.
 *
 * <pre>{@code
 * String cp = ParticipantClassPath.of(System.getProperty("java.class.path"));
 * }</pre>
 */
public final class ParticipantClassPath {

    /** Jar name prefixes of application-only and test-only libraries. */
    private static final List<String> DROPPED_JARS = List.of(
            "app-",
            "barrierlab.jar",
            "bench-",
            "visualizer-",
            "javafx-",
            "picocli-",
            "xchart-",
            "vectorgraphics2d-",
            "graphics2d-",
            "pdfbox-",
            "fontbox-",
            "animated-gif-lib-",
            "curator-",
            "guava-",
            "failureaccess-",
            "listenablefuture-",
            "jsr305-",
            "checker-qual-",
            "error_prone_annotations-",
            "j2objc-annotations-",
            "snappy-java-",
            "metrics-core-",
            "junit-",
            "opentest4j-",
            "apiguardian-",
            "testfx-",
            "openjfx-monocle-");

    /** Build output folders ({@code <module>/target/classes}) of application-only modules. */
    private static final List<String> DROPPED_MODULES = List.of("app", "bench", "visualizer");

    private ParticipantClassPath() {}

    /** The participant class path derived from {@code classPath} (a path-separator list). */
    public static String of(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !dropped(Path.of(entry))) {
                out.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    private static boolean dropped(Path entry) {
        Path name = entry.getFileName();
        if (name == null) {
            return false;
        }
        String file = name.toString().toLowerCase(Locale.ROOT);
        if (file.endsWith(".jar")) {
            return DROPPED_JARS.stream().anyMatch(file::startsWith);
        }
        // <module>/target/classes or <module>/target/test-classes
        Path target = entry.getParent();
        Path module = target == null ? null : target.getParent();
        return module != null
                && module.getFileName() != null
                && "target".equals(target.getFileName().toString())
                && DROPPED_MODULES.contains(module.getFileName().toString());
    }
}
