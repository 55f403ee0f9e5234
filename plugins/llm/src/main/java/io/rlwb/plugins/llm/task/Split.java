package io.rlwb.plugins.llm.task;

/** Which part of a task's instance space: training or held out for evaluation. */
public enum Split { TRAIN, TEST }
