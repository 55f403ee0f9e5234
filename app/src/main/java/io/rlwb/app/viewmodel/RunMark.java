package io.rlwb.app.viewmodel;

/**
 * What a run is doing with a node, for the canvas: part of the active run but idle, executing now (or within
 * the last fraction of a second, so nodes that take a millisecond per iteration still show), done in a
 * completed run, or the node a failed run failed in (a diverged trainer, a node that threw; the message is in
 * {@link GraphViewModel#runFailures()}).
 */
public enum RunMark { WAITING, RUNNING, DONE, FAILED }
