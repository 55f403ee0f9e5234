package io.rlwb.engine.telemetry;

/**
 * A telemetry snapshot whose latest state is also kept as a file at the top of the run directory (the Pareto
 * monitor's {@code pareto.csv}). The run store writes the file, atomically, whenever such a snapshot arrives,
 * without knowing the snapshot's type: the producer decides the file's name and text.
 */
public interface RunDirectoryFile {
    /** The file's name in the run directory, such as {@code pareto.csv}. */
    String runFileName();

    /** The file's whole text for this snapshot. */
    String runFileText();
}
