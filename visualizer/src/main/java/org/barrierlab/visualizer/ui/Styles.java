package org.barrierlab.visualizer.ui;

import java.net.URL;
import java.util.Objects;

/**
 * Style-class names of the visualizer and the location of its one theme, {@code
 * org/barrierlab/assets/visualizer.css} in the assets module. All colours, fonts and strokes
 * live in that file; code only adds and removes these classes.
 *
 * <pre>{@code
 * scene.getStylesheets().add(Styles.themeUrl());
 * token.getStyleClass().add(Styles.generation(3));
 * }</pre>
 */
public final class Styles {

    private Styles() {}

    /** Class-path location of the theme. */
    public static final String THEME = "/org/barrierlab/assets/visualizer.css";

    /** Class-path location of the projector theme, loaded over {@link #THEME} (key h). */
    public static final String PROJECTOR_THEME = "/org/barrierlab/assets/projector.css";

    /** Number of distinct generation colours in the theme (generation modulo this). */
    public static final int GENERATION_COLOURS = 8;

    public static final String ROOT = "barrierlab";
    public static final String TOOLBAR = "presenter-bar";
    public static final String CAPTION = "caption";
    public static final String STATUS = "status-line";
    public static final String STORY = "story";
    public static final String CHAPTER = "tour-chapter";
    public static final String HELD_BANNER = "held-banner";
    public static final String START_BUTTON = "start-button";
    public static final String VERDICT_BANNER = "verdict-banner";
    public static final String VERDICT_LINE = "verdict-line";
    public static final String VERDICT_EXPLANATION = "verdict-explanation";
    public static final String LOBBY = "lobby";
    public static final String LOBBY_LABEL = "lobby-label";
    public static final String SCOPE = "scope";
    public static final String SCOPE_DOUBLE = "scope-double";
    public static final String SCOPE_BROKEN = "scope-broken";
    public static final String SCOPE_RESTRICTED = "scope-restricted";
    public static final String SCOPE_NESTED = "scope-nested";
    public static final String SCOPE_TITLE = "scope-title";
    public static final String SCOPE_INFO = "scope-info";
    public static final String SCOPE_MEMBERS = "scope-members";
    public static final String GEN_CHIP = "gen-chip";
    public static final String GATE = "gate";
    public static final String LANE_LABEL = "lane-label";
    public static final String TOKEN = "token";
    public static final String TOKEN_CIRCLE = "token-circle";
    public static final String TOKEN_LABEL = "token-label";
    public static final String TOKEN_DEAD = "token-dead";
    public static final String TOKEN_WAITING = "token-waiting";
    public static final String TOKEN_BROKEN = "token-broken";
    public static final String TOKEN_STEP = "token-step";
    public static final String GEN_NONE = "gen-none";
    public static final String ROW_DEAD = "row-dead";
    public static final String LOG_CURRENT = "log-current";
    public static final String HELP_OVERLAY = "help-overlay";
    public static final String HELP_TEXT = "help-text";
    public static final String SPACETIME_PROCESS = "st-process";
    public static final String SPACETIME_PROCESS_LABEL = "st-process-label";
    public static final String SPACETIME_EVENT = "st-event";
    public static final String SPACETIME_CLOCK = "st-clock";
    public static final String SPACETIME_MESSAGE = "st-message";
    public static final String SPACETIME_CAUSAL = "st-causal";
    public static final String SPACETIME_SELECTED = "st-selected";
    public static final String SPACETIME_SECTION = "st-section";
    public static final String SPACETIME_SECTION_CUT = "st-section-cut";
    public static final String SPACETIME_END_EXIT = "st-end-exit";
    public static final String SPACETIME_END_DEAD = "st-end-dead";
    public static final String CLASSIC_LEGEND = "classic-legend";
    public static final String CLASSIC_PANEL = "classic-panel";
    public static final String PANEL_TITLE = "panel-title";
    public static final String ZOOM_PREFIX = "zoom-";
    public static final String STAGE_PROBES = "stage-probes";

    /** Zoom levels (percent) that the theme defines as {@code zoom-NNN} classes. */
    public static final int[] ZOOM_LEVELS = {70, 80, 90, 100, 115, 130, 150, 175, 200};

    /** The pseudo-class name of a generation's colour ({@code gen-0} ... {@code gen-7}). */
    public static String generation(long gen) {
        return gen < 0 ? GEN_NONE : "gen-" + (gen % GENERATION_COLOURS);
    }

    /** The pseudo-class of a dynamic state ({@code :token-dead}, {@code :gen-3}). */
    public static javafx.css.PseudoClass pseudo(String name) {
        return javafx.css.PseudoClass.getPseudoClass(name);
    }

    /** The projector theme's URL as a string, for {@code Scene.getStylesheets()}. */
    public static String projectorThemeUrl() {
        URL url = Objects.requireNonNull(
                Styles.class.getResource(PROJECTOR_THEME), "theme " + PROJECTOR_THEME + " missing from assets");
        return url.toExternalForm();
    }

    /** The theme's URL as a string, for {@code Scene.getStylesheets()}. */
    public static String themeUrl() {
        URL url = Objects.requireNonNull(Styles.class.getResource(THEME), "theme " + THEME + " missing from assets");
        return url.toExternalForm();
    }
}
