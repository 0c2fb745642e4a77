package org.barrierlab.app;

import org.apache.zookeeper.Version;
import picocli.CommandLine;

/** Prints the Barrier Lab, ZooKeeper client and Java versions. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String ours = BarrierLabCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "barrierlab " + (ours == null ? "(development build)" : ours),
            "ZooKeeper " + Version.getFullVersion(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
