package io.rlwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code workbench bench --transformer}: runs both block candidates and reports that their gradients agree. */
class BenchTransformerTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cli(String... args) {
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            return WorkbenchCommand.execute(o, e, args);
        }
    }

    @Test
    void measuresTheTapeAndSameDiffWithAgreeingGradients() {
        assertThat(cli("bench", "--transformer", "--iterations", "1", "--decode-steps", "0")).isZero();
        String text = out.toString();
        assertThat(text).contains("tape").contains("samediff").doesNotContain("KV-cache decoding");
        Matcher m = Pattern.compile("relative to the parameter's largest gradient: ([0-9.eE+-]+) at").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        // float rounding only: the same block, the same weights
        assertThat(Double.parseDouble(m.group(1))).isLessThan(1e-3);
    }

    @Test
    void rejectsNonPositiveIterations() {
        assertThat(cli("bench", "--transformer", "--iterations", "0")).isEqualTo(WorkbenchCommand.BAD_INPUT);
        assertThat(err.toString()).contains("--iterations must be > 0");
    }
}
