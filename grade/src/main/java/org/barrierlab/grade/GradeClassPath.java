package org.barrierlab.grade;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The class path of a graded participant JVM: this JVM's class path without what only the
 * application needs (JavaFX and the visualizer, the benchmark, picocli, XChart, the application
 * jar) and without test libraries, plus the group's jar when one is graded. Unlike the launcher's
 * participants it keeps Curator, which the built-in {@code curator} implementation needs.
 */
final class GradeClassPath {

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

    private static final List<String> DROPPED_MODULES = List.of("app", "bench", "visualizer");

    private GradeClassPath() {}

    /** The participant class path derived from {@code classPath}, with {@code extraJar} (may be null) first. */
    static String of(String classPath, Path extraJar) {
        List<String> out = new ArrayList<>();
        if (extraJar != null) {
            out.add(extraJar.toAbsolutePath().toString());
        }
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
        Path target = entry.getParent();
        Path module = target == null ? null : target.getParent();
        return module != null
                && module.getFileName() != null
                && "target".equals(target.getFileName().toString())
                && DROPPED_MODULES.contains(module.getFileName().toString());
    }
}
