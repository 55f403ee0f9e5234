package io.rlwb.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app's layers, from the top: entry points (the launcher, the command line), views, view models, models
 * (graph editing, files), shared UI pieces (theme, card geometry, plotting toolkit, formats). A layer imports
 * only layers below it, and no two packages import each other, directly or round a longer loop.
 * docs/architecture.md draws the same picture; change both together.
 */
class ArchitectureTest {
    private static final String ENTRY = "Entry";
    private static final String VIEWS = "Views";
    private static final String VIEW_MODELS = "View models";
    private static final String MODELS = "Models";
    private static final String SHARED_UI = "Shared UI";

    /** What may import what, by layer. */
    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer(ENTRY).definedBy("io.rlwb.app", "io.rlwb.app.cli..")
            .layer(VIEWS).definedBy("io.rlwb.app.gui..", "io.rlwb.app.inspect..", "io.rlwb.app.runs..")
            .layer(VIEW_MODELS).definedBy("io.rlwb.app.viewmodel..")
            .layer(MODELS).definedBy("io.rlwb.app.editor..", "io.rlwb.app.files..")
            .layer(SHARED_UI).definedBy("io.rlwb.app.ui..")
            .whereLayer(ENTRY).mayNotBeAccessedByAnyLayer()
            .whereLayer(VIEWS).mayOnlyBeAccessedByLayers(ENTRY)
            .whereLayer(VIEW_MODELS).mayOnlyBeAccessedByLayers(VIEWS)
            .whereLayer(MODELS).mayOnlyBeAccessedByLayers(ENTRY, VIEWS, VIEW_MODELS)
            .whereLayer(SHARED_UI).mayNotAccessAnyLayer()
            .because("views depend on view models, view models on models, and shared UI pieces sit below all of "
                    + "them (docs/architecture.md)");

    /** No package of the app imports another that imports it back, directly or through others. */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.rlwb.app.(**)").should().beFreeOfCycles()
            .because("a package cycle makes the layers meaningless: neither side can change or be tested alone");

    /** View models expose properties and commands; they build no controls, so tests run them without a screen. */
    static final ArchRule VIEW_MODELS_WITHOUT_SCENE = noClasses().that().resideInAPackage("io.rlwb.app.viewmodel..")
            .should().dependOnClassesThat(resideInAPackage("javafx..")
                    .and(not(resideInAnyPackage("javafx.beans..", "javafx.collections..", "javafx.util..",
                            "javafx.application.."))))
            .because("view models are tested without a screen; only views touch the scene graph");

    /** Editing and files use JavaFX's observable properties at most. */
    static final ArchRule MODELS_WITHOUT_UI = noClasses().that()
            .resideInAnyPackage("io.rlwb.app.editor..", "io.rlwb.app.files..")
            .should().dependOnClassesThat(resideInAPackage("javafx..")
                    .and(not(resideInAnyPackage("javafx.beans..", "javafx.collections.."))))
            .because("graph editing and the settings folder run in unit tests and headless tools");

    /** The command line runs on machines without a display. */
    static final ArchRule CLI_HEADLESS = noClasses().that().resideInAPackage("io.rlwb.app.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..", "javax.swing..",
                    "io.rlwb.app.gui..", "io.rlwb.app.inspect..", "io.rlwb.app.runs..", "io.rlwb.app.viewmodel..",
                    "io.rlwb.app.ui..")
            .because("./workbench run, validate and report work over SSH on a machine without a display");

    private static JavaClasses app;

    @BeforeAll
    static void importApp() {
        app = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.rlwb.app");
    }

    @Test
    void layersImportOnlyLayersBelow() {
        LAYERS.check(app);
    }

    @Test
    void packagesFormNoCycles() {
        NO_PACKAGE_CYCLES.check(app);
    }

    @Test
    void viewModelsBuildNoControls() {
        VIEW_MODELS_WITHOUT_SCENE.check(app);
    }

    @Test
    void modelsUseOnlyObservableProperties() {
        MODELS_WITHOUT_UI.check(app);
    }

    @Test
    void commandLineDrawsNothing() {
        CLI_HEADLESS.check(app);
    }
}
