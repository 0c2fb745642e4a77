package org.barrierlab.launcher.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A participant JVM gets no JavaFX, bench, picocli, test or application jar; the launcher's gets
 * no Curator either, the grader's keeps Curator and gets the group's jar first.
 */
class ParticipantClassPathTest {

    private static String cp(String... entries) {
        return String.join(File.pathSeparator, entries);
    }

    private static String abs(String... entries) {
        return List.of(entries).stream()
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void shellScriptClassPathKeepsOnlyWhatParticipantsLoad() {
        String app = cp(
                "/x/app/target/barrierlab.jar",
                "/x/app/target/lib/launcher-0.1.0-SNAPSHOT.jar",
                "/x/app/target/lib/run-model-0.1.0-SNAPSHOT.jar",
                "/x/app/target/lib/classic-0.1.0-SNAPSHOT.jar",
                "/x/app/target/lib/barrier-lib-0.1.0-SNAPSHOT.jar",
                "/x/app/target/lib/visualizer-0.1.0-SNAPSHOT.jar",
                "/x/app/target/lib/bench-0.1.0-SNAPSHOT.jar",
                "/x/app/target/lib/javafx-controls-21.0.5-linux.jar",
                "/x/app/target/lib/picocli-4.7.6.jar",
                "/x/app/target/lib/xchart-3.8.8.jar",
                "/x/app/target/lib/curator-test-5.7.1.jar",
                "/x/app/target/lib/junit-jupiter-api-5.11.3.jar",
                "/x/app/target/lib/zookeeper-3.9.3.jar",
                "/x/app/target/lib/logback-classic-1.5.21.jar");
        assertEquals(
                abs(
                        "/x/app/target/lib/launcher-0.1.0-SNAPSHOT.jar",
                        "/x/app/target/lib/run-model-0.1.0-SNAPSHOT.jar",
                        "/x/app/target/lib/classic-0.1.0-SNAPSHOT.jar",
                        "/x/app/target/lib/barrier-lib-0.1.0-SNAPSHOT.jar",
                        "/x/app/target/lib/zookeeper-3.9.3.jar",
                        "/x/app/target/lib/logback-classic-1.5.21.jar"),
                ParticipantClassPath.of(app));
    }

    @Test
    void ideClassPathDropsApplicationOnlyModuleOutputs() {
        String ide = cp(
                "/w/app/target/classes",
                "/w/visualizer/target/classes",
                "/w/bench/target/classes",
                "/w/launcher/target/classes",
                "/w/run-model/target/classes",
                "/w/surefire/surefirebooter-1.jar");
        assertEquals(
                abs("/w/launcher/target/classes", "/w/run-model/target/classes", "/w/surefire/surefirebooter-1.jar"),
                ParticipantClassPath.of(ide));
    }

    @Test
    void gradedParticipantsKeepCuratorAndGetTheGroupJarFirst() {
        String app = cp(
                "/x/app/target/barrierlab.jar",
                "/x/app/target/lib/grade-0.1.0-SNAPSHOT.jar",
                "/x/app/target/lib/barrier-spi-0.1.0-SNAPSHOT.jar",
                "/x/app/target/lib/bench-0.1.0-SNAPSHOT.jar",
                "/x/app/target/lib/curator-recipes-5.9.0.jar",
                "/x/app/target/lib/guava-33.4.0-jre.jar",
                "/x/app/target/lib/xchart-3.8.8.jar",
                "/x/app/target/lib/archunit-1.4.1.jar",
                "/x/app/target/lib/zookeeper-3.9.5.jar");
        String lean = abs(
                "/x/app/target/lib/grade-0.1.0-SNAPSHOT.jar",
                "/x/app/target/lib/barrier-spi-0.1.0-SNAPSHOT.jar",
                "/x/app/target/lib/zookeeper-3.9.5.jar");
        assertEquals(lean, ParticipantClassPath.of(app));
        assertEquals(
                abs(
                        "/g/group7.jar",
                        "/x/app/target/lib/grade-0.1.0-SNAPSHOT.jar",
                        "/x/app/target/lib/barrier-spi-0.1.0-SNAPSHOT.jar",
                        "/x/app/target/lib/curator-recipes-5.9.0.jar",
                        "/x/app/target/lib/guava-33.4.0-jre.jar",
                        "/x/app/target/lib/zookeeper-3.9.5.jar"),
                ParticipantClassPath.of(app, ParticipantClassPath.Curator.KEPT, List.of(Path.of("/g/group7.jar"))));
    }
}
