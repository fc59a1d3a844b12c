package dev.bascule.api;

/**
 * The version of this API. A plugin declares the API version it was built against in its
 * descriptor ({@code api-version}); the host refuses a plugin whose major version differs from
 * {@link #MAJOR} with a readable message instead of failing later with a linkage error.
 */
public final class ApiVersion {
    /** Incremented on any binary-incompatible change to {@code dev.bascule.api}. */
    public static final int MAJOR = 1;
    /** Incremented when the API grows compatibly. */
    public static final int MINOR = 4;

    private ApiVersion() {
    }

    /** {@code MAJOR.MINOR}, as written in plugin descriptors. */
    public static String string() {
        return MAJOR + "." + MINOR;
    }
}
