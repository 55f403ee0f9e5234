package io.rlwb.plugins.llm;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.rlwb.engine.ArchitectureTest;
import org.junit.jupiter.api.Test;

class LlmArchitectureTest {
    @Test
    void pluginImportsNoJavaFx() {
        ArchitectureTest.NO_UI.check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.rlwb.plugins.llm"));
    }
}
