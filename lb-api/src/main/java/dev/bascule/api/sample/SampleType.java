package dev.bascule.api.sample;

/** The type of a sample, as in HAProxy's {@code SMP_T_*}. */
public enum SampleType {
    BOOLEAN,
    INTEGER,
    ADDRESS,
    STRING,
    BINARY,
    METHOD
}
