package io.rlwb.app.viewmodel.props;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rlwb.engine.spi.ParamSpec;
import io.rlwb.engine.spi.ParamType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParamTextTest {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private final ParamSpec lr = ParamSpec.ofFloat("lr", 2.5e-4, 1e-7, 1.0, "", "Learning rate");
    private final ParamSpec steps = ParamSpec.ofInt("steps", 128, 1, null, "steps", "Steps");
    private final ParamSpec hidden = ParamSpec.ofIntList("hidden", List.of(64, 64), 1, 4096, "units", "Sizes");

    @Test
    void numbersAreWrittenAsPeopleWriteThem() {
        assertThat(ParamText.format(J.numberNode(2.5e-4), ParamType.FLOAT)).isEqualTo("2.5e-4");
        assertThat(ParamText.format(J.numberNode(1e-5), ParamType.FLOAT)).isEqualTo("1e-5");
        assertThat(ParamText.format(J.numberNode(0.99), ParamType.FLOAT)).isEqualTo("0.99");
        assertThat(ParamText.format(J.numberNode(1.0), ParamType.FLOAT)).isEqualTo("1.0");
        assertThat(ParamText.format(J.numberNode(3e7), ParamType.FLOAT)).isEqualTo("3e7");
        assertThat(ParamText.format(J.numberNode(500), ParamType.INT)).isEqualTo("500");
        assertThat(ParamText.format(J.numberNode(500.0), ParamType.INT)).isEqualTo("500");
        assertThat(ParamText.format(hidden.defaultValue(), ParamType.INT_LIST)).isEqualTo("64, 64");
        assertThat(ParamText.format(J.textNode("x"), ParamType.INT)).isEqualTo("\"x\"");
    }

    @Test
    void rangesReadAsIntervals() {
        assertThat(ParamText.range(lr)).isEqualTo("[1e-7, 1]");
        assertThat(ParamText.range(steps)).isEqualTo("[1, \u221e)");
        assertThat(ParamText.range(ParamSpec.ofString("s", "", ""))).isEmpty();
        // a large whole bound in its shorter form: 2^24 as digits, not 1.6777216e7; a round 1e8 stays short
        assertThat(ParamText.range(ParamSpec.ofInt("warmup", 50, 0, 1 << 24, "steps", ""))).isEqualTo("[0, 16777216]");
        assertThat(ParamText.range(ParamSpec.ofFloat("clip", 1.0, 0.0, 1e8, "", ""))).isEqualTo("[0, 1e8]");
    }

    @Test
    void scientificNotationAndUnderscoresAreAccepted() {
        assertThat(ParamText.parse("1e-5", lr).value().asDouble()).isEqualTo(1e-5);
        assertThat(ParamText.parse(" 3.0E-4 ", lr).value().asDouble()).isEqualTo(3e-4);
        assertThat(ParamText.parse(".5", lr).value().asDouble()).isEqualTo(0.5);
        assertThat(ParamText.parse("1_000", steps).value()).isEqualTo(J.numberNode(1000));
        assertThat(ParamText.parse("2e3", steps).value()).isEqualTo(J.numberNode(2000));
        assertThat(ParamText.parse("5000000000", steps).value()).isEqualTo(J.numberNode(5_000_000_000L));
    }

    @Test
    void whatJavaAcceptsButPeopleDoNotMeanIsRefused() {
        assertThat(ParamText.parse("1d", lr).error()).contains("not a number");
        assertThat(ParamText.parse("0x1p3", lr).error()).contains("not a number");
        assertThat(ParamText.parse("NaN", lr).error()).contains("not a number");
        assertThat(ParamText.parse("1e999", lr).error()).contains("too large");
        assertThat(ParamText.parse("", lr).error()).contains("enter a number");
        assertThat(ParamText.parse("2.5", steps).error()).contains("not a whole number");
        assertThat(ParamText.parse("1e30", steps).error()).contains("too large");
    }

    @Test
    void intListsTakeCommasSpacesAndBrackets() {
        assertThat(ParamText.parse("128, 128", hidden).value().toString()).isEqualTo("[128,128]");
        assertThat(ParamText.parse("[64 32]", hidden).value().toString()).isEqualTo("[64,32]");
        assertThat(ParamText.parse("64, x", hidden).error()).contains("\u201cx\u201d is not a whole number");
        assertThat(ParamText.parse(" ", hidden).error()).contains("such as 64, 64");
    }

    @Test
    void theEnginesVerdictIsWordedForAField() {
        assertThat(ParamText.check(lr, J.numberNode(5.0))).contains("5.0 is out of range [1e-7, 1]");
        assertThat(ParamText.check(hidden, ParamText.parse("64, 0", hidden).value()))
                .contains("0 is out of range [1, 4096]");
        assertThat(ParamText.check(lr, J.numberNode(0.1))).isEmpty();
    }
}
