package org.barrierlab.launcher.jvm;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The class path a participant JVM starts with: this JVM's class path, made absolute, without
 * what only the application needs (JavaFX and the visualizer, the benchmark with Curator and
 * XChart, picocli, the application jar whose manifest would pull all of them back in) and
 * without test libraries. A participant then loads the launcher, run-model, classic, barrier-lib,
 * ZooKeeper and logging, and starts in a fraction of the memory.
 *
 * <p>The grader's participants ({@code barrierlab grade}) differ in two ways, both given here
 * rather than in a copy of this class: they keep Curator (the built-in {@code curator}
 * implementation is graded in them) and they put a group's plug-in jar first.
 *
 * <p>Entries are dropped by their file name, so an entry this class does not recognise (a build
 * tool's manifest-only jar, an IDE's output folder of another project) is kept: a class path that
 * is too wide costs memory, one that is too narrow kills the run.
 *
 * <pre>{@code
 * String cp = ParticipantClassPath.of(System.getProperty("java.class.path"));
 * String graded = ParticipantClassPath.of(
 *         System.getProperty("java.class.path"), ParticipantClassPath.Curator.KEPT, List.of(groupJar));
 * }</pre>
 */
public final class ParticipantClassPath {

    /** Whether Curator, with what it pulls in, stays on the participant's class path. */
    public enum Curator {
        /** The launcher's participants: barrier-lib talks to ZooKeeper directly. */
        DROPPED,
        /** The grader's participants: the built-in {@code curator} implementation runs in them. */
        KEPT
    }

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
            "junit-",
            "opentest4j-",
            "apiguardian-",
            "testfx-",
            "openjfx-monocle-",
            "archunit-");

    /**
     * Jar name prefixes of Curator and the libraries that come with it (Guava and its annotations)
     * or that only the server side of ZooKeeper loads (snappy, metrics): what a participant that
     * runs no Curator code can do without.
     */
    private static final List<String> CURATOR_JARS = List.of(
            "curator-",
            "guava-",
            "failureaccess-",
            "listenablefuture-",
            "jsr305-",
            "checker-qual-",
            "error_prone_annotations-",
            "j2objc-annotations-",
            "snappy-java-",
            "metrics-core-");

    /** Build output folders ({@code <module>/target/classes}) of application-only modules. */
    private static final List<String> DROPPED_MODULES = List.of("app", "bench", "visualizer");

    private ParticipantClassPath() {}

    /** The launcher's participant class path derived from {@code classPath} (a path-separator list). */
    public static String of(String classPath) {
        return of(classPath, Curator.DROPPED, List.of());
    }

    /**
     * The participant class path derived from {@code classPath}, with Curator kept or dropped and
     * {@code extraJars} (a group's plug-in) first, made absolute.
     */
    public static String of(String classPath, Curator curator, List<Path> extraJars) {
        Objects.requireNonNull(curator, "curator");
        List<String> out = new ArrayList<>();
        for (Path jar : extraJars) {
            out.add(jar.toAbsolutePath().toString());
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !dropped(Path.of(entry), curator)) {
                out.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    private static boolean dropped(Path entry, Curator curator) {
        Path name = entry.getFileName();
        if (name == null) {
            return false;
        }
        String file = name.toString().toLowerCase(Locale.ROOT);
        if (file.endsWith(".jar")) {
            return DROPPED_JARS.stream().anyMatch(file::startsWith)
                    || (curator == Curator.DROPPED && CURATOR_JARS.stream().anyMatch(file::startsWith));
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
