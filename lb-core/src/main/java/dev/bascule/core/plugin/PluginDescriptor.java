package dev.bascule.core.plugin;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.ApiVersion;
import dev.bascule.api.Plugin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * A plugin's {@value Plugin#DESCRIPTOR}.
 *
 * @param name         the plugin's name
 * @param version      its version
 * @param apiVersion   the API version it was built against, {@code MAJOR.MINOR}
 * @param scanPackages the packages to search for {@link Plugin} implementations
 * @param origin       where the descriptor was read, for messages
 */
public record PluginDescriptor(String name, String version, String apiVersion, List<String> scanPackages,
                               String origin) {
    public PluginDescriptor {
        requireNonNull(name, "name");
        requireNonNull(version, "version");
        requireNonNull(apiVersion, "apiVersion");
        scanPackages = List.copyOf(scanPackages);
        requireNonNull(origin, "origin");
    }

    /** Reads and validates a descriptor, including the API version gate. */
    public static PluginDescriptor read(URL url, String origin) throws PluginException {
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(in);
        } catch (IOException e) {
            throw new PluginException(origin + ": cannot read " + Plugin.DESCRIPTOR + ": " + e.getMessage(), e);
        }
        String name = required(properties, "name", origin);
        String version = properties.getProperty("version", "unknown").trim();
        String apiVersion = required(properties, "api-version", origin);
        List<String> packages = Arrays.stream(required(properties, "scan-packages", origin).split(","))
                .map(String::trim)
                .filter(pkg -> !pkg.isEmpty())
                .toList();
        PluginDescriptor descriptor = new PluginDescriptor(name, version, apiVersion, packages, origin);
        descriptor.checkApiVersion();
        return descriptor;
    }

    private void checkApiVersion() throws PluginException {
        int dot = apiVersion.indexOf('.');
        String major = dot < 0 ? apiVersion : apiVersion.substring(0, dot);
        if (!major.equals(Integer.toString(ApiVersion.MAJOR))) {
            throw new PluginException("plugin '" + name + "' (" + origin + ") was built for plugin API " + apiVersion
                    + ", but this Bascule provides plugin API " + ApiVersion.string()
                    + "; rebuild the plugin against lb-api " + ApiVersion.MAJOR + ".x");
        }
    }

    private static String required(Properties properties, String key, String origin) throws PluginException {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new PluginException(origin + ": " + Plugin.DESCRIPTOR + " lacks '" + key + "'");
        }
        return value.trim();
    }
}
