package io.rlwb.engine.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the steps Gymnasium 0.29.1's CartPole-v1 took (reference/cartpole-v1-steps.csv in the test
 * resources, recorded from Gymnasium): same state and action in, same observation, reward and termination out.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CartPoleReferenceTest {

    private static final String RESOURCE = "/reference/cartpole-v1-steps.csv";
    private static final double TOLERANCE = 1e-6;

    /** One CSV row: state before, action, observation after, reward, terminated. */
    record Row(int episode, int t, double[] before, int action, double[] after, double reward, boolean terminated) {
        @Override
        public String toString() {
            return "episode " + episode + " step " + t;
        }
    }

    static List<Row> rows() throws IOException {
        try (InputStream in = Objects.requireNonNull(CartPoleReferenceTest.class.getResourceAsStream(RESOURCE),
                RESOURCE + " is missing from the test resources");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            assertThat(header).isEqualTo("episode,t,x,x_dot,theta,theta_dot,action,"
                    + "next_x,next_x_dot,next_theta,next_theta_dot,reward,terminated");
            List<Row> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                assertThat(f).as("fields of %s", line).hasSize(13);
                rows.add(new Row(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                        new double[] {d(f[2]), d(f[3]), d(f[4]), d(f[5])},
                        Integer.parseInt(f[6]),
                        new double[] {d(f[7]), d(f[8]), d(f[9]), d(f[10])},
                        d(f[11]), parseFlag(f[12])));
            }
            return rows;
        }
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }

    private static boolean parseFlag(String s) {
        return switch (s.trim()) {
            case "1", "True", "true" -> true;
            case "0", "False", "false" -> false;
            default -> throw new IllegalArgumentException("not a flag: " + s);
        };
    }

    @Test
    void the_reference_file_holds_four_complete_episodes() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).hasSize(61);
        assertThat(rows.stream().map(Row::episode).distinct().collect(Collectors.toList()))
                .containsExactly(0, 1, 2, 3);
        for (int e = 0; e < 4; e++) {
            int episode = e;
            List<Row> steps = rows.stream().filter(r -> r.episode() == episode).collect(Collectors.toList());
            for (int i = 0; i < steps.size(); i++) {
                assertThat(steps.get(i).t()).isEqualTo(i);
                assertThat(steps.get(i).terminated()).as("episode %d step %d", e, i).isEqualTo(i == steps.size() - 1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void every_reference_step_is_reproduced_from_its_state_and_action(Row row) {
        CartPole env = new CartPole();
        float[] obs = new float[4];
        float[] reward = new float[1];
        env.reset(0L, obs);
        env.setState(row.before());

        StepEnd end = env.step(new float[] {row.action()}, obs, reward);

        for (int k = 0; k < 4; k++) {
            assertThat((double) obs[k]).as("observation component %d", k).isCloseTo(row.after()[k], within(TOLERANCE));
        }
        assertThat((double) reward[0]).isEqualTo(row.reward());
        assertThat(end).isEqualTo(row.terminated() ? StepEnd.TERMINATED : StepEnd.NONE);
    }

    @Test
    void each_reference_episode_is_followed_from_its_first_state_alone() throws IOException {
        List<Row> rows = rows();
        CartPole env = new CartPole();
        float[] obs = new float[4];
        float[] reward = new float[1];
        int currentEpisode = -1;
        for (Row row : rows) {
            if (row.episode() != currentEpisode) {
                currentEpisode = row.episode();
                env.reset(0L, obs);
                env.setState(row.before());
            }
            // Our own double state carries on; it must agree with Gymnasium's float64 state before each step.
            double[] state = env.state();
            for (int k = 0; k < 4; k++) {
                assertThat(state[k]).as("%s state component %d", row, k).isCloseTo(row.before()[k], within(1e-9));
            }
            StepEnd end = env.step(new float[] {row.action()}, obs, reward);
            for (int k = 0; k < 4; k++) {
                assertThat((double) obs[k]).as("%s observation %d", row, k).isCloseTo(row.after()[k], within(TOLERANCE));
            }
            assertThat(end).as("%s end", row).isEqualTo(row.terminated() ? StepEnd.TERMINATED : StepEnd.NONE);
        }
    }
}
