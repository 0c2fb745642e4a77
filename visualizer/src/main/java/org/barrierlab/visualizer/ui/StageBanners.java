package org.barrierlab.visualizer.ui;

import java.util.List;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.barrierlab.visualizer.viewmodel.PresenterViewModel;

/**
 * The lines above the stage: the guided tour's chapter line, the scenario's story, the "held at the start" banner, the
 * full-width verdict banner with its explanation, and the caption of the current story step.
 * All but the caption are bound to the {@link PresenterViewModel}. FX thread only.
 */
final class StageBanners {

    private final PresenterViewModel presenter;
    private final Label chapterLabel = new Label();
    private final Label storyLabel = new Label();
    private final Label heldBanner = new Label();
    private final Label verdictLabel = new Label();
    private final Label verdictExplanation = new Label();
    private final VBox verdictBanner = new VBox(4, verdictLabel, verdictExplanation);
    private final Label caption = new Label();

    StageBanners(PresenterViewModel presenter) {
        this.presenter = presenter;
        caption.setId("caption");
        caption.getStyleClass().add(Styles.CAPTION);
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.setVisible(false);
        caption.setManaged(false);
        chapterLabel.setId("tour-chapter");
        chapterLabel.getStyleClass().add(Styles.CHAPTER);
        chapterLabel.setMaxWidth(Double.MAX_VALUE);
        storyLabel.setId("story");
        storyLabel.getStyleClass().add(Styles.STORY);
        storyLabel.setWrapText(true);
        storyLabel.setMaxWidth(Double.MAX_VALUE);
        heldBanner.setId("held-banner");
        heldBanner.getStyleClass().add(Styles.HELD_BANNER);
        heldBanner.setMaxWidth(Double.MAX_VALUE);
        verdictBanner.setId("verdict-banner");
        verdictBanner.getStyleClass().add(Styles.VERDICT_BANNER);
        verdictBanner.setMaxWidth(Double.MAX_VALUE);
        verdictLabel.setId("verdict");
        verdictLabel.getStyleClass().add(Styles.VERDICT_LINE);
        verdictLabel.setWrapText(true);
        verdictExplanation.setId("verdict-explanation");
        verdictExplanation.getStyleClass().add(Styles.VERDICT_EXPLANATION);
        verdictExplanation.setWrapText(true);
        bind();
    }

    /** The banners in their order, for the top of the window below the tool bar. */
    List<javafx.scene.Node> nodes() {
        return List.of(chapterLabel, storyLabel, heldBanner, verdictBanner, caption);
    }

    /** Shows the caption of the current story step; an empty one hides the line. */
    void showCaption(String text) {
        caption.setText(text);
        caption.setVisible(!text.isEmpty());
        caption.setManaged(!text.isEmpty());
    }

    private void bind() {
        chapterLabel.textProperty().bind(presenter.chapterProperty());
        showWhenNotEmpty(chapterLabel);
        storyLabel.textProperty().bind(presenter.storyProperty());
        // at the end the verdict banner takes the story's place: on a 1280x720 projector the
        // stage needs the room
        storyLabel
                .visibleProperty()
                .bind(storyLabel
                        .textProperty()
                        .isNotEmpty()
                        .and(presenter.verdictLineProperty().isEmpty()));
        storyLabel.managedProperty().bind(storyLabel.visibleProperty());
        heldBanner.textProperty().bind(presenter.heldMessageProperty());
        heldBanner.setWrapText(true);
        heldBanner.visibleProperty().bind(presenter.heldProperty());
        heldBanner.managedProperty().bind(presenter.heldProperty());
        verdictLabel.textProperty().bind(presenter.verdictLineProperty());
        verdictExplanation.textProperty().bind(presenter.verdictExplanationProperty());
        showWhenNotEmpty(verdictExplanation);
        verdictBanner.visibleProperty().bind(presenter.verdictLineProperty().isNotEmpty());
        verdictBanner.managedProperty().bind(verdictBanner.visibleProperty());
        presenter.verdictLineProperty().addListener((o, a, b) -> {
            for (String outcome : List.of("PASS", "FAIL", "HUNG", "BROKEN")) {
                verdictBanner.pseudoClassStateChanged(
                        Styles.pseudo("verdict-" + outcome.toLowerCase(Locale.ROOT)),
                        outcome.equals(presenter.verdictOutcome()));
            }
        });
    }

    private static void showWhenNotEmpty(Label label) {
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }
}
