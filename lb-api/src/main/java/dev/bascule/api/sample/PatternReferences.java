package dev.bascule.api.sample;

import java.util.List;
import java.util.Optional;

/** Every pattern reference of one loaded configuration, in {@code unique_id} order. */
public interface PatternReferences {
    /** All of them. */
    List<PatternReference> all();

    /**
     * The reference {@code name} designates: {@code #<id>} by its id, otherwise by the file name
     * as the configuration wrote it; as the runtime API's {@code <map>} and {@code <acl>}.
     */
    Optional<PatternReference> lookup(String name);
}
