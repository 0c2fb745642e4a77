package org.barrierlab.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.barrierlab.barrier.ZkBarrier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module cut along the data path, checked on the compiled main classes of every module (the
 * app's test class path holds them all): no package cycles anywhere, barrier-lib is the recipes
 * only, the run model and the recipes know nothing of the applications, and the visualizer reaches
 * the launcher through its one adapter package.
 */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.barrierlab");
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.barrierlab.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void recipesAndRunModelDependOnNoApplicationModule() {
        noClasses()
                .that()
                .resideInAnyPackage("org.barrierlab.barrier..", "org.barrierlab.runmodel..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.barrierlab.launcher..",
                        "org.barrierlab.visualizer..",
                        "org.barrierlab.bench..",
                        "org.barrierlab.app..",
                        "org.barrierlab.classic..",
                        "org.barrierlab.messaging..",
                        "org.barrierlab.grade..",
                        "org.barrierlab.spi..")
                .check(main);
    }

    @Test
    void launcherHasNoCommandLineOrWindowTypes() {
        noClasses()
                .that()
                .resideInAPackage("org.barrierlab.launcher..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.barrierlab.app..", "org.barrierlab.visualizer..", "org.barrierlab.bench..", "picocli..")
                .check(main);
    }

    @Test
    void barrierSpiDependsOnNothingOfOurs() {
        // a group's jar depends on the SPI (and ZooKeeper) only
        noClasses()
                .that()
                .resideInAPackage("org.barrierlab.spi..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("org.barrierlab.spi..", "org.apache.zookeeper..", "java..")
                .check(main);
    }

    @Test
    void graderIsUsedOnlyByTheAppAndUsesNoApplicationModule() {
        noClasses()
                .that()
                .resideInAPackage("org.barrierlab.grade..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.barrierlab.app..", "org.barrierlab.visualizer..", "org.barrierlab.bench..", "picocli..")
                .check(main);
        noClasses()
                .that()
                .resideOutsideOfPackages("org.barrierlab.grade..", "org.barrierlab.app..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.barrierlab.grade..")
                .check(main);
    }

    @Test
    void visualizerReachesTheLauncherOnlyThroughItsAdapter() {
        noClasses()
                .that()
                .resideInAPackage("org.barrierlab.visualizer..")
                .and()
                .resideOutsideOfPackage("org.barrierlab.visualizer.launch..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.barrierlab.launcher..")
                .check(main);
    }

    @Test
    void barrierLibJarHoldsOnlyTheRecipes() throws IOException, URISyntaxException {
        Path location = Path.of(ZkBarrier.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> classes = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> location.relativize(f).toString().replace('\\', '/'))
                        .forEach(classes::add);
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (name.endsWith(".class")) {
                        classes.add(name);
                    }
                }
            }
        }
        assertFalse(classes.isEmpty(), "no classes found at " + location);
        List<String> foreign = classes.stream()
                .filter(c -> !c.startsWith("org/barrierlab/barrier/"))
                .collect(Collectors.toList());
        assertEquals(List.of(), foreign, "barrier-lib (" + location + ") holds classes outside org.barrierlab.barrier");
    }
}
