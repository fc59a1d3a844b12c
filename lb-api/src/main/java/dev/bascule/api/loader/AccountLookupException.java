package dev.bascule.api.loader;

/**
 * A user or group name the system's account database does not know ({@code getpwnam(3)},
 * {@code getgrnam(3)} returned nothing).
 */
public final class AccountLookupException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param errno  the {@code errno} the lookup left (0 when the name is simply unknown)
     * @param reason {@code strerror(errno)}
     */
    public AccountLookupException(int errno, String reason) {
        super(reason);
        this.errno = errno;
    }

    /** The {@code errno} the lookup left; 0 when the name is simply unknown. */
    public int errno() {
        return errno;
    }
}
