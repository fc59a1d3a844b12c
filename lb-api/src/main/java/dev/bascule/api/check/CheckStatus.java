package dev.bascule.api.check;

/**
 * The outcome of a probe, with HAProxy's status codes and descriptions (as shown in logs and on
 * the stats page).
 */
public enum CheckStatus {
    L4OK(true, "Layer4 check passed"),
    L4TOUT(false, "Layer4 timeout"),
    L4CON(false, "Layer4 connection problem"),
    L6OK(true, "Layer6 check passed"),
    L6TOUT(false, "Layer6 timeout"),
    L6RSP(false, "Layer6 invalid response"),
    L7OK(true, "Layer7 check passed"),
    L7OKC(true, "Layer7 check conditionally passed"),
    L7TOUT(false, "Layer7 timeout"),
    L7RSP(false, "Layer7 invalid response"),
    L7STS(false, "Layer7 wrong status"),
    /** Not a probe's: errors seen in real traffic ({@code observe}) reached {@code error-limit}. */
    HANA(false, "Health analyze");

    private final boolean passed;
    private final String description;

    CheckStatus(boolean passed, String description) {
        this.passed = passed;
        this.description = description;
    }

    /** Whether the probe counts towards {@code rise}. */
    public boolean passed() {
        return passed;
    }

    /** Whether HAProxy prints the protocol's status code ({@code code: 200}) with this status. */
    public boolean carriesCode() {
        return this == L7OK || this == L7OKC || this == L7STS;
    }

    /** HAProxy's words for this status, as in {@code reason: Layer4 connection problem}. */
    public String description() {
        return description;
    }
}
