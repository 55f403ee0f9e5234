package io.rlwb.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The engine stays free of UI: no JavaFX (not even javafx.base), no AWT/Swing, no dependency on the app. */
public class ArchitectureTest {
    /** Shared with plugins: engine and plugins must not depend on JavaFX or on the application. */
    public static final ArchRule NO_UI = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("javafx..", "java.awt..", "javax.swing..", "io.rlwb.app..")
            .because("the engine and plugins run headless; only the app module draws (docs/architecture.md)");

    @Test
    void engineImportsNoJavaFx() {
        JavaClasses engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.rlwb.engine");
        NO_UI.check(engine);
    }
}
