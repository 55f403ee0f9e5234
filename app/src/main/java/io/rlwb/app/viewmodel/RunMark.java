package io.rlwb.app.viewmodel;

/**
 * What a run is doing with a node, for the canvas: part of the active run but idle, executing now (or within
 * the last fraction of a second, so nodes that take a millisecond per iteration still show), or done in a
 * completed run.
 */
public enum RunMark { WAITING, RUNNING, DONE }
