package io.rlwb.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes that are not UTF-8 are reported with the file and the byte offset, not as "Input length = 1". */
class Utf8TextTest {
    @Test
    void aGraphFileWithALatin1ByteNamesTheFileTheOffsetAndTheLine(@TempDir Path dir) throws Exception {
        byte[] head = "{\"format\": \"workbench-graph\",\n \"name\": \"Caf".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xE9; // é in Latin-1
        bytes[head.length + 1] = '"';
        bytes[head.length + 2] = '}';
        Path f = Files.write(dir.resolve("latin1.json"), bytes);

        assertThatThrownBy(() -> new GraphFile().read(f)).isInstanceOfSatisfying(GraphFileException.class, e -> {
            assertThat(e.where()).isEqualTo(f.toString());
            assertThat(e.getMessage()).contains("byte offset " + head.length).contains("line 2").contains("0xE9")
                    .doesNotContain("Input length");
        });
    }

    @Test
    void validTextAndAByteOrderMarkDecode() throws Exception {
        assertThat(Utf8Text.decode("\uFEFFgrüße €".getBytes(StandardCharsets.UTF_8))).isEqualTo("grüße €");
    }

    @Test
    void aTruncatedSequenceAtTheEndIsReported() {
        byte[] euro = "ab€".getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(euro, euro.length - 1);
        assertThatThrownBy(() -> Utf8Text.decode(cut)).isInstanceOfSatisfying(Utf8Text.MalformedException.class,
                e -> assertThat(e.offset()).isEqualTo(2));
    }
}
