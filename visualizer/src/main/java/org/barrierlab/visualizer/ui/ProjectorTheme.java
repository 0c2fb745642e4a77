package org.barrierlab.visualizer.ui;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Parent;
import javafx.scene.Scene;

/**
 * The projector theme switch: a second style sheet ({@link Styles#PROJECTOR_THEME}: larger
 * fonts, high contrast) loaded over the theme while {@link #onProperty()} is true. The stage's
 * canvas reads its look from the style sheets, so it redraws in the new look at once. FX thread
 * only.
 *
 * <pre>{@code
 * ProjectorTheme projector = new ProjectorTheme(root);
 * projector.toggle();   // key h, or the Projector button
 * }</pre>
 */
final class ProjectorTheme {

    private final Parent root;
    private final BooleanProperty on = new SimpleBooleanProperty(this, "projector", false);

    ProjectorTheme(Parent root) {
        this.root = root;
        on.addListener((o, a, b) -> apply(root.getScene()));
        root.sceneProperty().addListener((o, a, b) -> apply(b));
    }

    /** True while the projector theme is on; the tool bar's toggle is bound to it. */
    BooleanProperty onProperty() {
        return on;
    }

    void toggle() {
        on.set(!on.get());
    }

    private void apply(Scene scene) {
        if (scene == null) {
            return;
        }
        String url = Styles.projectorThemeUrl();
        boolean loaded = scene.getStylesheets().contains(url);
        if (on.get() && !loaded) {
            scene.getStylesheets().add(url);
        } else if (!on.get() && loaded) {
            scene.getStylesheets().remove(url);
        }
    }
}
