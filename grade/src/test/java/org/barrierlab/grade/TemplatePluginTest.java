package org.barrierlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.barrierlab.grade.impl.Implementations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template project of docs/grade-template, built the way its pom builds it (its sources
 * compiled against the SPI and ZooKeeper only, its service file, one jar) and graded as a plug-in
 * with {@code --impl <jar>}: it loads through ServiceLoader and passes phase 1 in participant JVMs.
 */
class TemplatePluginTest {

    private static final Path TEMPLATE = Path.of("..", "docs", "grade-template");

    @TempDir
    Path work;

    @Test
    @Timeout(120)
    void theTemplateBuildsLoadsAsAPluginAndPassesPhaseOne() throws Exception {
        Path jar = buildTemplateJar();
        assertEquals("group-template", Implementations.load(jar.toString()).name());
        Grade g = Grader.run(
                        new GradeOptions(
                                List.of(jar.toString()),
                                Set.of(1),
                                null,
                                3,
                                5,
                                Set.of(),
                                work.resolve("out"),
                                List.of()),
                        line -> {})
                .get(0);
        assertEquals(Outcome.PASS, g.results().get(0).outcome(), g.results().toString());
        assertTrue(g.results().get(0).costs().crossings() == 3, "three participants crossed once each");
        assertTrue(g.passed());
    }

    private Path buildTemplateJar() throws IOException {
        Path src = TEMPLATE.resolve("src/main/java");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(
                List.of("--release", "17", "-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK");
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "the template compiles");
        Path resources = TEMPLATE.resolve("src/main/resources");
        Path jar = work.resolve("group-barrier-1.0.jar");
        try (OutputStream os = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(os)) {
            for (Path root : List.of(classes, resources)) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        out.putNextEntry(
                                new JarEntry(root.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, out);
                        out.closeEntry();
                    }
                }
            }
        }
        return jar;
    }
}
