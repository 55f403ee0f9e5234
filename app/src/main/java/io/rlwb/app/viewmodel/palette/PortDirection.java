package io.rlwb.app.viewmodel.palette;

/** Which side of a node a port is on. */
public enum PortDirection {
    /** An input port (left side of a node card). */
    INPUT,
    /** An output port (right side of a node card). */
    OUTPUT;

    /** The side a wire from a port on this side must end on. */
    public PortDirection opposite() {
        return this == INPUT ? OUTPUT : INPUT;
    }
}
