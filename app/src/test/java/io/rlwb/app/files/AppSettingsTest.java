package io.rlwb.app.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.rlwb.engine.runtime.backend.BackendChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSettingsTest {
    @TempDir
    Path tmp;

    @Test
    void theBackendIsAutoUntilSetAndThenPersists() throws Exception {
        Path file = tmp.resolve("sub/settings.json");
        assertThat(new AppSettings(file).backend()).isEqualTo(BackendChoice.AUTO);

        new AppSettings(file).setBackend(BackendChoice.CUDA);

        assertThat(new AppSettings(file).backend()).isEqualTo(BackendChoice.CUDA);
        assertThat(Files.readString(file)).contains("\"backend\" : \"cuda\"");
    }

    @Test
    void keysOfOtherVersionsSurviveAWrite() throws Exception {
        Path file = tmp.resolve("settings.json");
        Files.writeString(file, "{\"theme\": \"dark\", \"backend\": \"cpu\"}");

        new AppSettings(file).setBackend(BackendChoice.AUTO);

        assertThat(Files.readString(file)).contains("\"theme\" : \"dark\"").contains("\"backend\" : \"auto\"");
    }

    @Test
    void unreadableOrUnknownValuesReadAsAuto() throws Exception {
        Path file = tmp.resolve("settings.json");
        Files.writeString(file, "{\"backend\": \"tpu\"}");
        assertThat(new AppSettings(file).backend()).isEqualTo(BackendChoice.AUTO);
        Files.writeString(file, "not json");
        assertThat(new AppSettings(file).backend()).isEqualTo(BackendChoice.AUTO);
    }
}
