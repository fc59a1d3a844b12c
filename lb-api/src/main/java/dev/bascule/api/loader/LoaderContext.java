package dev.bascule.api.loader;

import java.util.Map;

/** What the host lends a loader. Grows through default methods. */
public interface LoaderContext {
    /** The names served by every plugin, to validate keywords without hard-coding them. */
    KeywordRegistry registry();

    /** Environment variables for {@code ${NAME}} expansion. */
    Map<String, String> environment();

    /**
     * Evaluates a configuration condition ({@code .if EXPR}, {@code .elif EXPR}) with the host's
     * HAProxy version, build features and environment, as {@code -cc} does.
     *
     * @throws InvalidConditionException when the expression does not parse
     */
    default boolean condition(String expression) {
        throw new InvalidConditionException("conditions are not available to this loader", 0);
    }

    /**
     * The id of a user name in the system's account database ({@code getpwnam(3)}), for
     * {@code user}.
     *
     * @throws AccountLookupException when the database has no such user
     */
    default int userId(String name) throws AccountLookupException {
        throw new AccountLookupException(38, "Function not implemented");
    }

    /**
     * The id of a group name in the system's account database ({@code getgrnam(3)}), for
     * {@code group}.
     *
     * @throws AccountLookupException when the database has no such group
     */
    default int groupId(String name) throws AccountLookupException {
        throw new AccountLookupException(38, "Function not implemented");
    }
}
