/**
 * The {@code workbench} command line (CONTRACT in docs/contracts.md): {@code run}, {@code validate}, {@code nodes} and
 * {@code bench}, with exit codes 0 / 1 / 2 / 130 and user-facing messages instead of stack traces.
 */
package io.rlwb.app.cli;
