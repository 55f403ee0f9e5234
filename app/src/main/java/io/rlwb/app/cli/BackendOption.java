package io.rlwb.app.cli;

import io.rlwb.engine.runtime.backend.BackendChoice;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --backend auto|cpu|cuda}, mixed into the top command and inherited by every subcommand, so it is accepted
 * before or after the subcommand's name. {@link BackendExecution} reads it from the parse result and chooses the
 * backend before the command runs.
 */
final class BackendOption {
    static final String NAME = "--backend";

    @Option(names = NAME, paramLabel = "auto|cpu|cuda", scope = ScopeType.INHERIT, converter = Choice.class,
            description = "Compute backend (default auto: CUDA when this build has it and a device answers, "
                    + "otherwise the CPU). cuda ends with exit code 2 naming what is missing when it cannot work.")
    BackendChoice backend;

    /** {@code auto}, {@code cpu} or {@code cuda} in any case; the error names the three. */
    static final class Choice implements ITypeConverter<BackendChoice> {
        @Override
        public BackendChoice convert(String value) {
            try {
                return BackendChoice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
