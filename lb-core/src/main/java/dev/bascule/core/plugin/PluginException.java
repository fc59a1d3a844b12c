package dev.bascule.core.plugin;

/** A plugin could not be loaded; the message names the plugin and what is wrong. */
public final class PluginException extends Exception {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
