package io.rlwb.plugins.llm.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rlwb.engine.nn.autodiff.Tape;
import io.rlwb.engine.nn.layers.DecoderModel;
import io.rlwb.plugins.llm.text.CharTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PolicyCheckpointTest {
    @Test
    void saveThenLoadGivesIdenticalLogits(@TempDir Path dir) throws Exception {
        CharTokenizer tok = new CharTokenizer("0123456789+=", java.util.List.of("<sep>", "<q>"));
        for (DecoderModel.Positions pos : DecoderModel.Positions.values()) {
            TransformerPolicy p = new TransformerPolicy(new PolicyConfig(2, 2, 16, 12, pos,
                    pos == DecoderModel.Positions.LEARNED, 2, 0, 9, DataType.FLOAT), tok.vocabSize());
            // perturb so the weights are not the seed's fresh ones
            p.namedParameters().values().forEach(q -> q.value().addi(0.01));
            Path d = dir.resolve(pos.name());
            PolicyCheckpoint.save(d, p, tok);
            PolicyCheckpoint.Loaded l = PolicyCheckpoint.load(d);
            assertThat(l.tokenizer()).isEqualTo(tok);
            assertThat(l.policy().config()).isEqualTo(p.config());
            INDArray ids = Nd4j.createFromArray(new int[][] {{1, 5, 6, 14, 7, 15}, {1, 9, 9, 14, 8, 15}});
            assertThat(l.policy().logits(Tape.inference(), ids).value())
                    .isEqualTo(p.logits(Tape.inference(), ids).value());
        }
    }

    @Test
    void theHeadAndInitialScaleTravelInTheManifest(@TempDir Path dir) throws Exception {
        CharTokenizer tok = new CharTokenizer("ab");
        PolicyConfig untied = new PolicyConfig(1, 2, 8, 8, DecoderModel.Positions.ROTARY, false, 2, 0, 1,
                DataType.FLOAT, 0.1);
        TransformerPolicy p = new TransformerPolicy(untied, tok.vocabSize());
        assertThat(p.namedParameters()).containsKey("head.weight");
        PolicyCheckpoint.save(dir, p, tok);
        assertThat(PolicyCheckpoint.load(dir).policy().config()).isEqualTo(untied);
        // a manifest from before initStd existed: those policies were all initialised at 0.02
        Path m = dir.resolve(PolicyCheckpoint.MANIFEST);
        String withStd = Files.readString(m);
        assertThat(withStd).contains("\"initStd\" : 0.1");
        Files.writeString(m, withStd.replace(",\n    \"initStd\" : 0.1", ""));
        assertThat(Files.readString(m)).doesNotContain("initStd");
        assertThat(PolicyCheckpoint.load(dir).policy().config().initStd()).isEqualTo(0.02);
        Files.writeString(m, withStd.replace("\"initStd\" : 0.1", "\"initStd\" : \"big\""));
        assertThatThrownBy(() -> PolicyCheckpoint.load(dir)).hasMessageContaining("policy.json")
                .hasMessageContaining("'policy.initStd'");
        Files.writeString(m, withStd.replace("\"initStd\" : 0.1", "\"initStd\" : -1"));
        assertThatThrownBy(() -> PolicyCheckpoint.load(dir)).hasMessageContaining("policy.json")
                .hasMessageContaining("'init_std'");
    }

    @Test
    void aDamagedCheckpointIsRejectedNamingTheFile(@TempDir Path dir) throws Exception {
        CharTokenizer tok = new CharTokenizer("ab");
        TransformerPolicy p = new TransformerPolicy(new PolicyConfig(1, 2, 8, 8, DecoderModel.Positions.ROTARY, true,
                2, 0, 1, DataType.FLOAT), tok.vocabSize());
        PolicyCheckpoint.save(dir, p, tok);
        assertThat(dir.resolve(PolicyCheckpoint.WEIGHTS + ".json")).exists();
        Path w = dir.resolve(PolicyCheckpoint.WEIGHTS);
        byte[] good = Files.readAllBytes(w);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 1;
        Files.write(w, bad);
        assertThatThrownBy(() -> PolicyCheckpoint.load(dir)).hasMessageContaining("weights.npz");
        Files.write(w, good);
        Path m = dir.resolve(PolicyCheckpoint.MANIFEST);
        Files.writeString(m, Files.readString(m).replace("\"heads\" : 2", "\"heads\" : 3"));
        assertThatThrownBy(() -> PolicyCheckpoint.load(dir)).hasMessageContaining("policy.json")
                .hasMessageContaining("'heads'");
    }
}
