package io.rlwb.plugins.llm.rl;

import io.rlwb.plugins.llm.task.Example;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One preference pair for DPO: a prompt (with its task instance, for reward heads) and two completions, the chosen
 * one preferred to the rejected one.
 */
public record PreferencePair(Example example, String chosen, String rejected) {
    /**
     * Reads a pairs file: one pair per line, {@code prompt<TAB>answer<TAB>chosen<TAB>rejected} (UTF-8); blank lines
     * and lines starting with {@code #} are skipped.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed line
     */
    public static List<PreferencePair> read(Path file) throws IOException {
        List<PreferencePair> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            if (f.length != 4 || f[0].isEmpty()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 4 tab-separated fields "
                        + "(prompt, answer, chosen, rejected), got " + f.length);
            }
            out.add(new PreferencePair(new Example(f[0], f[1]), f[2], f[3]));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no preference pairs");
        }
        return out;
    }

    /** The line {@link #read} reads back. */
    public String toLine() {
        return example.prompt() + "\t" + example.answer() + "\t" + chosen + "\t" + rejected;
    }
}
