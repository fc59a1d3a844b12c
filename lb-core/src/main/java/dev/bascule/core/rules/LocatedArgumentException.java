package dev.bascule.core.rules;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.SourceLocation;

/** A refusal of one line of a proxy section: reported at that line rather than at the section's. */
public final class LocatedArgumentException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient SourceLocation location;

    public LocatedArgumentException(SourceLocation location, String message) {
        super(message);
        this.location = location;
    }

    /** The line refused. */
    public SourceLocation location() {
        return location;
    }

    /** Where {@code e} should be reported: its line when it names one, else {@code section}. */
    public static SourceLocation of(InvalidArgumentException e, SourceLocation section) {
        return e instanceof LocatedArgumentException located ? located.location : section;
    }
}
