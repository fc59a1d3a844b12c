package dev.bascule.api.sample;

/** The type of a sample, as in HAProxy's {@code SMP_T_*}. */
public enum SampleType {
    BOOLEAN,
    INTEGER,
    ADDRESS,
    STRING,
    BINARY,
    METHOD,
    /** Known only when fetched ({@code var()}): HAProxy's {@code SMP_T_ANY}, which any cast accepts. */
    ANY;

    /** Whether HAProxy's cast table ({@code sample_casts}) converts this type to {@code target}. */
    public boolean castableTo(SampleType target) {
        if (this == target || this == ANY || target == ANY) {
            return true;
        }
        switch (target) {
            case BOOLEAN:
            case INTEGER:
                return this == BOOLEAN || this == INTEGER || this == STRING || this == ADDRESS && target == INTEGER;
            case STRING:
            case BINARY:
                return true;
            case ADDRESS:
                return this == INTEGER || this == STRING;
            case METHOD:
                return this == STRING || this == BINARY;
            default:
                return false;
        }
    }
}
