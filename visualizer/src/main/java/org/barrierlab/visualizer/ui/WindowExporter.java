package org.barrierlab.visualizer.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.image.WritableImage;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;
import org.barrierlab.visualizer.source.ReplaySource;
import org.barrierlab.visualizer.viewmodel.RunViewModel;

/**
 * What leaves the window as a file: a PNG of the window ("Export PNG…") and the run so far as
 * a JSON-lines recording ("Save run…", the launcher's {@code --record} format). FX thread only.
 */
final class WindowExporter {

    private final Parent root;
    private final RunViewModel vm;
    private final Consumer<String> status;

    WindowExporter(Parent root, RunViewModel vm, Consumer<String> status) {
        this.root = root;
        this.vm = vm;
        this.status = status;
    }

    void chooseSaveRecording() {
        File f = choose("Save the run as JSON lines", "run.jsonl");
        if (f != null) {
            try {
                saveRecording(f.toPath());
                status.accept("saved " + vm.allEvents().size() + " events to " + f);
            } catch (IOException ex) {
                status.accept("could not save: " + ex.getMessage());
            }
        }
    }

    void chooseExportPng() {
        File f = choose("Export the view as PNG", "barrierlab.png");
        if (f != null) {
            try {
                exportPng(f.toPath());
                status.accept("exported " + f);
            } catch (IOException ex) {
                status.accept("could not export: " + ex.getMessage());
            }
        }
    }

    private File choose(String title, String initialName) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.setInitialFileName(initialName);
        return fc.showSaveDialog(root.getScene().getWindow());
    }

    /** Writes every event seen so far as a JSON-lines recording. */
    void saveRecording(Path file) throws IOException {
        ReplaySource.write(file, vm.allEvents());
    }

    /** Writes a PNG of the whole window as it is now. */
    void exportPng(Path file) throws IOException {
        WritableImage img = root.snapshot(null, null);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }
}
