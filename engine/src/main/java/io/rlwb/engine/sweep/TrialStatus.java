package io.rlwb.engine.sweep;

/** How a trial ended; {@link #label()} is the word run.json and sweep.csv use. */
public enum TrialStatus {
    /** The run spent its budget or a node ended it early on purpose. */
    COMPLETED,
    /** The run failed (a node threw, the graph did not validate, the executor lost it): see the failure cause. */
    FAILED,
    /** The sweep was cancelled before or while the trial ran. */
    CANCELLED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The status for run.json's word ({@code completed}, {@code failed}, {@code cancelled}). */
    public static TrialStatus ofLabel(String label) {
        return switch (label == null ? "" : label) {
            case "completed" -> COMPLETED;
            case "cancelled" -> CANCELLED;
            default -> FAILED;
        };
    }
}
