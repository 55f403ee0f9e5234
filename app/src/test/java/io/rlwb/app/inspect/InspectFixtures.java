package io.rlwb.app.inspect;

import io.rlwb.app.gui.palette.FxTestSupport;
import io.rlwb.engine.telemetry.CreditSnapshot;
import io.rlwb.engine.telemetry.KvCacheSnapshot;
import io.rlwb.engine.telemetry.ParetoSnapshot;
import io.rlwb.engine.telemetry.TelemetryFiles;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot;
import io.rlwb.engine.telemetry.ValueDistributionSnapshot.Probe;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the telemetry fixtures of the inspection views' tests (committed under
 * {@code app/src/test/resources/fixtures/inspect}; {@code FixturesAreCurrentTest} checks they match this code).
 * Each is a run directory holding one {@code telemetry/<kind>.jsonl}, written the way the run store writes it,
 * with numbers shaped like the algorithms they stand for (fixed seeds):
 * <ul>
 *   <li>{@code c51}: a C51 critic (51 atoms on [0, 100]) at two CartPole probes over 30 snapshots, its mass moving
 *       from a broad low bump to a narrow peak near the observed return; the tilted probe bimodal (falls or
 *       recovers);</li>
 *   <li>{@code quantile}: a QR critic with 32 quantiles at one probe;</li>
 *   <li>{@code dst}: a Deep Sea Treasure archive (treasure, time) growing over 20 snapshots toward the known
 *       concave front of ten treasures, with dominated detours, and its hypervolume, EUM and cardinality;</li>
 *   <li>{@code hopper3}: a three-objective archive (forward, height, energy) for parallel coordinates;</li>
 *   <li>{@code minicache}: a 4-layer cache over 256 decode steps: layers 0-1 keep recent tokens in fp16 and
 *       quantise older ones to 2 bits, layers 2-3 share MiniCache-merged states except retained outliers;</li>
 *   <li>{@code credit}: two CartPole episodes with GAE numbers (gamma 0.99, lambda 0.95), and a GRPO group of
 *       four completions with per-token advantages and its prefix tree.</li>
 * </ul>
 */
public final class InspectFixtures {
    private InspectFixtures() {}

    /** Writes every fixture under {@code root}. */
    /** The committed fixture run directory {@code name} (c51, hopper3, ...) of the repository's test resources. */
    public static Path fixture(String name) {
        return FxTestSupport.repoRoot().resolve("app/src/test/resources/fixtures/inspect").resolve(name);
    }

    public static void writeAll(Path root) throws IOException {
        write(root.resolve("c51"), ValueDistributionSnapshot.KIND, c51());
        write(root.resolve("quantile"), ValueDistributionSnapshot.KIND, quantile());
        write(root.resolve("dst"), ParetoSnapshot.KIND, dst());
        write(root.resolve("hopper3"), ParetoSnapshot.KIND, hopper3());
        write(root.resolve("minicache"), KvCacheSnapshot.KIND, minicache());
        write(root.resolve("credit"), CreditSnapshot.KIND, credit());
    }

    /** Regenerates the committed fixtures: run from the app module folder. */
    public static void main(String[] args) throws IOException {
        writeAll(Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures/inspect"));
    }

    private record Line(long step, double wallS, Object data) {}

    private static void write(Path runDir, String kind, List<Line> lines) throws IOException {
        Path f = TelemetryFiles.file(runDir, kind);
        Files.createDirectories(f.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            for (Line l : lines) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("step", l.step());
                m.put("wall_s", l.wallS());
                m.put("data", l.data());
                w.write(TelemetryFiles.JSON.writeValueAsString(m));
                w.write('\n');
            }
        }
    }

    /** A normal mixture's mass in bins of {@code edges}. */
    private static double[] mixture(double[] edges, double[] mu, double[] sd, double[] wt) {
        int k = edges.length - 1;
        double[] p = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double x = 0.5 * (edges[i] + edges[i + 1]);
            for (int j = 0; j < mu.length; j++) p[i] += wt[j] * Math.exp(-0.5 * Math.pow((x - mu[j]) / sd[j], 2)) / sd[j];
            sum += p[i];
        }
        for (int i = 0; i < k; i++) p[i] /= sum;
        return p;
    }

    static List<Line> c51() {
        int atoms = 51;
        double[] edges = new double[atoms + 1];
        double dz = 100.0 / (atoms - 1);
        for (int i = 0; i <= atoms; i++) edges[i] = -dz / 2 + i * dz;
        Random r = new Random(51);
        List<Line> out = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            double f = s / 29.0;
            double observed = 8 + 80 * (1 - Math.exp(-3.5 * f)) + r.nextGaussian() * 2;
            double mu = 10 + 76 * (1 - Math.exp(-3 * f));
            double sd = 18 - 13 * f;
            double[] up = mixture(edges, new double[] {mu}, new double[] {sd}, new double[] {1});
            double fall = 0.55 - 0.35 * f;
            double[] tilt = mixture(edges, new double[] {6 + 4 * f, mu * 0.9}, new double[] {4, sd * 1.2},
                    new double[] {fall, 1 - fall});
            Double tiltObs = s % 3 == 0 ? null : fall > 0.4 ? 7.0 + r.nextGaussian() : observed * 0.9;
            List<Probe> probes = List.of(
                    Probe.categorical("upright", new double[] {0, 0, 0.01, 0}, edges, up, observed),
                    Probe.categorical("tilted", new double[] {0.05, 0.4, 0.15, 0.9}, edges, tilt, tiltObs));
            out.add(new Line(4096L * (s + 1), 2.5 * (s + 1), new ValueDistributionSnapshot("critic_c51", probes)));
        }
        return out;
    }

    static List<Line> quantile() {
        int n = 32;
        double[] taus = new double[n];
        for (int i = 0; i < n; i++) taus[i] = (2 * i + 1) / (2.0 * n);
        List<Line> out = new ArrayList<>();
        for (int s = 0; s < 16; s++) {
            double f = s / 15.0;
            double mu = 20 + 60 * f;
            double sd = 25 - 17 * f;
            double[] q = new double[n];
            for (int i = 0; i < n; i++) q[i] = mu + sd * probit(taus[i]);
            out.add(new Line(2048L * (s + 1), 1.0 * (s + 1), new ValueDistributionSnapshot("critic_qr",
                    List.of(Probe.quantile("s0", new double[] {0, 0, 0, 0}, taus, q, mu + 3)))));
        }
        return out;
    }

    /** Inverse standard normal CDF (Acklam's rational approximation; fixtures only). */
    static double probit(double p) {
        double[] a = {-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716, 2.506628277459239};
        double[] b = {-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572};
        double[] c = {-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783};
        double[] d = {0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416};
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425) return -probit(1 - p);
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    static final double[] TREASURE = {0.7, 8.2, 11.5, 14.0, 15.1, 16.1, 19.6, 20.3, 22.4, 23.7};
    static final double[] TIME = {-1, -3, -5, -7, -8, -9, -13, -14, -17, -19};

    static List<Line> dst() {
        Random r = new Random(7);
        List<Line> out = new ArrayList<>();
        List<ParetoSnapshot.Point> archive = new ArrayList<>();
        int policies = 0;
        for (int s = 0; s < 20; s++) {
            int found = Math.min(TREASURE.length, 2 + s / 2);
            for (int k = 0; k < 2; k++) {
                int t = r.nextInt(found);
                double detour = r.nextDouble() < 0.5 ? 0 : 1 + r.nextInt(4);
                double w = (t + 0.5) / TREASURE.length;
                double[] v = {TREASURE[t], TIME[t] - detour};
                // The archive keeps one policy per distinct return vector, as a Pareto archive does.
                if (archive.stream().anyMatch(q -> java.util.Arrays.equals(q.values(), v))) continue;
                archive.add(new ParetoSnapshot.Point("p" + policies++, v, new double[] {w, 1 - w}, false));
            }
            out.add(new Line(10_000L * (s + 1), 30.0 * (s + 1), paretoOf(List.of("treasure", "time"), new double[] {0, -25}, archive, 2)));
        }
        return out;
    }

    static List<Line> hopper3() {
        Random r = new Random(3);
        List<Line> out = new ArrayList<>();
        List<ParetoSnapshot.Point> archive = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            for (int k = 0; k < 5; k++) {
                double[] w = {r.nextDouble(), r.nextDouble(), r.nextDouble()};
                double sum = w[0] + w[1] + w[2];
                for (int j = 0; j < 3; j++) w[j] /= sum;
                double reach = (0.55 + 0.45 * s / 7.0) * (r.nextDouble() < 0.3 ? 0.75 : 1);
                double norm = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
                double[] v = {2400 * reach * w[0] / norm, 900 * reach * w[1] / norm, -(1 - reach * w[2] / norm) * 300};
                archive.add(new ParetoSnapshot.Point("h" + archive.size(), v, w, false));
            }
            out.add(new Line(100_000L * (s + 1), 600.0 * (s + 1),
                    paretoOf(List.of("forward", "height", "energy"), new double[] {0, 0, -400}, archive, 3)));
        }
        return out;
    }

    /** A snapshot of {@code archive} with dominated flags, hypervolume (exact in 2-D, grid estimate in 3-D), EUM. */
    private static ParetoSnapshot paretoOf(List<String> objectives, double[] ref, List<ParetoSnapshot.Point> archive, int m) {
        List<ParetoSnapshot.Point> pts = new ArrayList<>();
        List<double[]> front = new ArrayList<>();
        for (ParetoSnapshot.Point p : archive) {
            boolean dom = false;
            for (ParetoSnapshot.Point q : archive) {
                boolean ge = true;
                boolean gt = false;
                for (int j = 0; j < m; j++) {
                    ge &= q.values()[j] >= p.values()[j];
                    gt |= q.values()[j] > p.values()[j];
                }
                dom |= ge && gt;
            }
            pts.add(new ParetoSnapshot.Point(p.policy(), p.values(), p.weights(), dom));
            if (!dom) front.add(p.values());
        }
        double hv = m == 2 ? hv2(front, ref) : hvGrid(front, ref);
        // EUM: mean over weights evenly spread on the simplex (steps of 0.05) of the best weighted return.
        List<double[]> weights = new ArrayList<>();
        int ws = 20;
        for (int i = 0; i <= ws; i++) {
            if (m == 2) weights.add(new double[] {i / (double) ws, 1 - i / (double) ws});
            else for (int j = 0; i + j <= ws; j++) weights.add(new double[] {i / (double) ws, j / (double) ws, (ws - i - j) / (double) ws});
        }
        double eum = 0;
        for (double[] w : weights) {
            double best = Double.NEGATIVE_INFINITY;
            for (double[] v : front) {
                double u = 0;
                for (int j = 0; j < m; j++) u += w[j] * v[j];
                best = Math.max(best, u);
            }
            eum += best / weights.size();
        }
        return new ParetoSnapshot(ParetoSnapshot.VERSION, objectives, ref, pts, hv, eum, front.size(), null, null);
    }

    private static double hv2(List<double[]> front, double[] ref) {
        List<double[]> f = new ArrayList<>(front);
        f.sort((a, b) -> Double.compare(b[0], a[0]));
        double hv = 0;
        double y = ref[1];
        for (double[] p : f) {
            if (p[1] > y) {
                hv += (p[0] - ref[0]) * (p[1] - y);
                y = p[1];
            }
        }
        return hv;
    }

    private static double hvGrid(List<double[]> front, double[] ref) {
        double[] hi = {ref[0], ref[1], ref[2]};
        for (double[] p : front) for (int j = 0; j < 3; j++) hi[j] = Math.max(hi[j], p[j]);
        int g = 40;
        int in = 0;
        for (int a = 0; a < g; a++) for (int b = 0; b < g; b++) for (int c = 0; c < g; c++) {
            double x = ref[0] + (a + 0.5) / g * (hi[0] - ref[0]);
            double y = ref[1] + (b + 0.5) / g * (hi[1] - ref[1]);
            double z = ref[2] + (c + 0.5) / g * (hi[2] - ref[2]);
            for (double[] p : front) if (p[0] >= x && p[1] >= y && p[2] >= z) {
                in++;
                break;
            }
        }
        return in / (double) (g * g * g) * (hi[0] - ref[0]) * (hi[1] - ref[1]) * (hi[2] - ref[2]);
    }

    static List<Line> minicache() {
        int prompt = 64;
        int heads = 4;
        int headDim = 16;
        long fullPerToken = 2L * heads * headDim * 4;
        Random r = new Random(11);
        List<Line> out = new ArrayList<>();
        boolean[] outlier = new boolean[prompt + 257];
        for (int i = 0; i < outlier.length; i++) outlier[i] = r.nextDouble() < 0.06 || i < 4;
        for (int step = 0; step <= 256; step += 8) {
            int tokens = prompt + step;
            List<KvCacheSnapshot.Layer> layers = new ArrayList<>();
            for (int l = 0; l < 4; l++) {
                byte[] st = new byte[tokens];
                long key = 0;
                long meta = 0;
                int kept = 0;
                for (int p = 0; p < tokens; p++) {
                    boolean recent = p >= tokens - 32;
                    byte s;
                    if (l < 2) s = recent || p < 4 ? KvCacheSnapshot.RETAINED : KvCacheSnapshot.QUANTISED;
                    else if (l == 3 && p > 8 && p < tokens - 48 && p % 11 == 0) s = KvCacheSnapshot.EVICTED;
                    else s = recent || outlier[p] ? KvCacheSnapshot.RETAINED : KvCacheSnapshot.MERGED;
                    st[p] = s;
                    switch (s) {
                        case KvCacheSnapshot.RETAINED -> key += heads * headDim * 2;
                        case KvCacheSnapshot.QUANTISED -> {
                            key += heads * headDim / 4;
                            meta += heads * 4;
                        }
                        case KvCacheSnapshot.MERGED -> {
                            key += heads * headDim;
                            meta += heads * 2;
                        }
                        default -> { }
                    }
                    if (s != KvCacheSnapshot.EVICTED) kept++;
                }
                int[] perHead = new int[heads];
                java.util.Arrays.fill(perHead, kept);
                layers.add(new KvCacheSnapshot.Layer(l, key, key, meta, tokens * fullPerToken, perHead, st));
            }
            double f = step / 256.0;
            out.add(new Line(step, step * 0.02, new KvCacheSnapshot(KvCacheSnapshot.VERSION, "attn_minicache", step, layers,
                    step == 0 ? 1.0 : 1.0 - 0.07 * f - 0.01 * r.nextDouble(), 0.002 + 0.04 * f * f + 0.002 * r.nextDouble())));
        }
        return out;
    }

    static List<Line> credit() {
        List<Line> out = new ArrayList<>();
        out.add(new Line(8192, 3.1, episode(12, 187, new Random(12))));
        out.add(new Line(16384, 6.0, episode(31, 243, new Random(31))));
        out.add(new Line(16384, 6.1, grpoGroup()));
        return out;
    }

    /** A terminated CartPole episode of {@code length} steps: reward 1, a critic that underestimates near the end. */
    private static CreditSnapshot episode(long number, int length, Random r) {
        double gamma = 0.99;
        double lambda = 0.95;
        double[] v = new double[length];
        for (int t = 0; t < length; t++) {
            double trueV = (1 - Math.pow(gamma, length - t)) / (1 - gamma);
            v[t] = trueV * (t > length - 40 ? 1.35 : 0.9) + r.nextGaussian() * 1.5;
        }
        double[] adv = new double[length];
        double[] delta = new double[length];
        double next = 0;
        for (int t = length - 1; t >= 0; t--) {
            double vNext = t == length - 1 ? 0 : v[t + 1];
            delta[t] = 1 + gamma * vNext - v[t];
            next = delta[t] + (t == length - 1 ? 0 : gamma * lambda * next);
            adv[t] = next;
        }
        List<CreditSnapshot.Step> steps = new ArrayList<>();
        for (int t = 0; t < length; t++) steps.add(new CreditSnapshot.Step(t, 1, v[t], delta[t], adv[t], adv[t] + v[t]));
        return new CreditSnapshot(CreditSnapshot.VERSION, "gae", number, steps, List.of(), List.of());
    }

    /** A GRPO group for "17+25=": four completions, reward 1 when the answer is 42, advantages normalised. */
    private static CreditSnapshot grpoGroup() {
        String[][] completions = {{"4", "2", " because", " 17", "+", "25", " is", " 42", "."}, {"4", "2", "."},
                {"3", "2", "."}, {"4", "1", " I", " think", "."}};
        double[] reward = {1, 1, 0, 0};
        double mean = 0.5;
        double std = 0.5;
        Random r = new Random(5);
        List<CreditSnapshot.Token> tokens = new ArrayList<>();
        int index = 0;
        for (int c = 0; c < completions.length; c++) {
            double a = (reward[c] - mean) / std;
            for (String t : completions[c]) {
                tokens.add(new CreditSnapshot.Token(index++, t, a * (0.85 + 0.3 * r.nextDouble()), 1 + 0.08 * r.nextGaussian(), c));
            }
        }
        List<CreditSnapshot.TreeNode> tree = List.of(
                new CreditSnapshot.TreeNode(0, -1, "17+25=", 0.5, 4),
                new CreditSnapshot.TreeNode(1, 0, "4", 2 / 3.0, 3),
                new CreditSnapshot.TreeNode(2, 1, "2", 1.0, 2),
                new CreditSnapshot.TreeNode(3, 2, " because 17+25 is 42.", 1.0, 1),
                new CreditSnapshot.TreeNode(4, 2, ".", 1.0, 1),
                new CreditSnapshot.TreeNode(5, 1, "1 I think.", 0.0, 1),
                new CreditSnapshot.TreeNode(6, 0, "32.", 0.0, 1));
        return new CreditSnapshot(CreditSnapshot.VERSION, "grpo", 4, List.of(), tokens, tree);
    }
}
