package io.rlwb.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Fields of metrics.csv and pareto.csv follow RFC 4180, so free-text keys read back as they were written. */
class CsvTest {
    @Test
    void fieldsWithCommasQuotesAndLineBreaksAreQuoted() {
        assertThat(Csv.field("losses/policy_loss")).isEqualTo("losses/policy_loss");
        assertThat(Csv.field("reward,a")).isEqualTo("\"reward,a\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Property(tries = 300, seed = "20261203")
    void recordsReadBackAsWritten(@ForAll @Size(min = 1, max = 4) List<@StringLength(max = 12) String> a,
                                  @ForAll @Size(min = 1, max = 4) List<@StringLength(max = 12) String> b)
            throws Exception {
        String text = line(a) + "\r\n" + line(b) + "\n";
        Csv.RecordReader r = new Csv.RecordReader(new StringReader(text));
        List<List<String>> back = new ArrayList<>();
        for (List<String> rec; (rec = r.next()) != null; ) back.add(rec);
        assertThat(back).containsExactly(a, b);
    }

    private static String line(List<String> fields) {
        return String.join(",", fields.stream().map(Csv::field).toList());
    }
}
