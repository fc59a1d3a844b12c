package dev.bascule.api.loader;

import java.util.Map;

/** What the host lends a loader. Grows through default methods. */
public interface LoaderContext {
    /** The names served by every plugin, to validate keywords without hard-coding them. */
    KeywordRegistry registry();

    /** Environment variables for {@code ${NAME}} expansion. */
    Map<String, String> environment();
}
