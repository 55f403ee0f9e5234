package io.rlwb.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeLibrariesFirstTest {
    /** This class never touches ND4J; the auto-detected extension loaded it before the class started. */
    @Test
    void nd4jIsLoadedBeforeAnyTestClassRuns() {
        assertThat(NativeLibraries.loaded()).isTrue();
    }
}
