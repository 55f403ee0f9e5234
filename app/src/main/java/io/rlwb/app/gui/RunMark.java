package io.rlwb.app.gui;

/** What a run is doing with a node, for the canvas: executing now, or done in a completed run. */
public enum RunMark { RUNNING, DONE }
