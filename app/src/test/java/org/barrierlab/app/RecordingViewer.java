package org.barrierlab.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.barrierlab.visualizer.launch.ViewerRequest;

/**
 * A test {@link RunViewer} that ViewerSpiTest puts in front of the window: available
 * only while {@link #enabled} is set, it records what it was asked to show and "closes" at once.
 */
final class RecordingViewer implements RunViewer {

    static final RecordingViewer INSTANCE = new RecordingViewer();

    static volatile boolean enabled;
    /** When set, {@link #show} fails the way JavaFX does when DISPLAY names no usable X server. */
    static volatile boolean failToOpen;

    static final List<ViewerRequest> REQUESTS = new CopyOnWriteArrayList<>();

    @Override
    public boolean isAvailable() {
        return enabled;
    }

    @Override
    public int show(ViewerRequest request) {
        REQUESTS.add(request);
        if (failToOpen) {
            throw new UnsupportedOperationException("Unable to open DISPLAY");
        }
        return 0;
    }
}
