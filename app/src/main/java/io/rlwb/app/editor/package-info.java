/**
 * Editing of graph documents, free of controls: every edit is a {@link io.rlwb.app.editor.Command} run through
 * one {@link io.rlwb.app.editor.CommandStack}, so one user action (a paste of ten nodes, a wire that replaces
 * another) is one undo step. {@link io.rlwb.app.editor.GraphEditor} turns user intents into commands; the
 * rest are its parts: ids, wiring rules with shape checks, clipboard fragments, group boxes, auto-layout and
 * debounced live validation. Everything here uses {@code javafx.base} properties at most and is unit-tested
 * without a screen.
 */
package io.rlwb.app.editor;
