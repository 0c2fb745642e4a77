package org.barrierlab.grade.impl;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.barrierlab.spi.BarrierProvider;

/**
 * Finds the barrier implementation named by {@code --impl}: a built-in name ({@code lib}, {@code
 * tutorial}, {@code curator}) or the path of a group's jar holding exactly one {@link
 * BarrierProvider} registered for {@link ServiceLoader}.
 *
 * <pre>{@code
 * BarrierProvider p = Implementations.load("lib");
 * BarrierProvider g = Implementations.load("group7/target/group7-barrier-1.0.jar");
 * }</pre>
 */
public final class Implementations {

    /** The built-in names, in report order. */
    public static final List<String> BUILT_IN = List.of("lib", "curator", "tutorial");

    private Implementations() {}

    /** True if {@code spec} names a jar rather than a built-in implementation. */
    public static boolean isJar(String spec) {
        return spec.toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    /**
     * The provider named by {@code spec}. A jar is opened in a class loader of its own (its
     * dependencies other than the SPI and ZooKeeper must be inside it); participant JVMs instead
     * put the jar on their class path and use {@link #loadFromClassPath}.
     *
     * @throws IllegalArgumentException for an unknown name, a missing or unreadable jar, or a jar
     *     without exactly one provider
     */
    public static BarrierProvider load(String spec) {
        switch (spec) {
            case "lib":
                return new LibProvider();
            case "tutorial":
                return new TutorialProvider();
            case "curator":
                return new CuratorProvider();
            default:
                break;
        }
        if (!isJar(spec)) {
            throw new IllegalArgumentException(
                    "--impl must be lib, curator, tutorial or the path of a jar, was '" + spec + "'");
        }
        Path jar = Path.of(spec);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--impl: no such jar file: " + spec);
        }
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (IOException e) {
            throw new IllegalArgumentException("--impl: cannot read " + spec + ": " + e.getMessage(), e);
        }
        // Not closed: the provider's classes stay in use for the rest of the grade.
        @SuppressWarnings("resource")
        URLClassLoader loader = new URLClassLoader(new URL[] {url}, BarrierProvider.class.getClassLoader());
        return single(ServiceLoader.load(BarrierProvider.class, loader), spec);
    }

    /** The one provider on this JVM's class path (a participant started with the group's jar). */
    public static BarrierProvider loadFromClassPath(String spec) {
        if (!isJar(spec)) {
            return load(spec);
        }
        return single(ServiceLoader.load(BarrierProvider.class), spec);
    }

    private static BarrierProvider single(ServiceLoader<BarrierProvider> loader, String spec) {
        List<BarrierProvider> found = new ArrayList<>();
        try {
            loader.forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("--impl " + spec + ": cannot load its provider: " + e.getMessage(), e);
        }
        if (found.size() != 1) {
            throw new IllegalArgumentException("--impl " + spec + " must hold exactly one "
                    + BarrierProvider.class.getName() + " in META-INF/services, found " + found.size());
        }
        return found.get(0);
    }
}
