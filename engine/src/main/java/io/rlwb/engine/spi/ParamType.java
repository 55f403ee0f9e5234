package io.rlwb.engine.spi;

/** The value types a node parameter can take; the editor picks its property editor from this. */
public enum ParamType {
    INT,
    FLOAT,
    BOOL,
    STRING,
    /** One of a fixed list of strings ({@link ParamSpec#choices()}). */
    CHOICE,
    /** A list of positive integers, such as hidden layer sizes. */
    INT_LIST
}
