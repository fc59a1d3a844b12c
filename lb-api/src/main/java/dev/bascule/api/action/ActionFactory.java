package dev.bascule.api.action;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;
import java.util.Set;

/**
 * Serves one action keyword ({@code deny}, {@code set-header}, or a prefix such as
 * {@code set-var} for {@code set-var(txn.x)}), as an entry of HAProxy's action keyword lists.
 * Control plane only: called while a configuration is loaded, never on an event loop.
 */
public interface ActionFactory {
    /** The keyword, for example {@code set-header}; a prefix keyword omits what follows it. */
    String keyword();

    /**
     * Whether the keyword is a prefix of the written word (HAProxy's {@code KWF_MATCH_PREFIX}):
     * {@code set-var} serves {@code set-var(txn.x)}, {@code track-sc} serves {@code track-sc0}. The
     * whole written word is then given to {@link #create}.
     */
    default boolean prefix() {
        return false;
    }

    /**
     * Whether the action always ends its rule set ({@code allow}, {@code deny}; HAProxy's
     * {@code ACT_FLAG_FINAL}): a rule written after an unconditional one is then warned about.
     */
    default boolean isFinal() {
        return false;
    }

    /** The rule sets the keyword may be written in; any other is a load error naming the line. */
    Set<RuleSet> ruleSets();

    /**
     * Parses the words of one line and returns its action. The loader calls it once to check the
     * line while it reads the configuration (with a setup whose fetches and formats are only
     * checked, never run: that action is dropped), and the host again when it compiles the
     * configuration: it must have no side effect.
     *
     * @param written   the keyword as written ({@code set-var(txn.x)} for a prefix keyword)
     * @param arguments the words after it, up to the line's {@code if} / {@code unless}
     * @param setup     the line's rule set, proxy and location, and the host's parsers
     * @throws InvalidArgumentException when the words are not acceptable: its message becomes an
     *                                  {@code [ALERT]} naming the file and line; an
     *                                  {@link UnexpectedWordException} for a word left over after
     *                                  the action's own, which the language words as it does for
     *                                  every rule
     */
    Action create(String written, List<String> arguments, ActionSetup setup) throws InvalidArgumentException;
}
