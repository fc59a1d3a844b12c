package dev.bascule.core.plugin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * One plugin's class loader: child-first over the plugin's own jars, with the platform loader as
 * parent, so a plugin sees the JDK, its own jars, and from the host only the packages it must
 * share with it: the Bascule API and SLF4J.
 */
public final class PluginClassLoader extends URLClassLoader {
    /** Package prefixes delegated to the host. */
    static final List<String> SHARED_PACKAGES = List.of("dev.bascule.api.", "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader host;

    public PluginClassLoader(String pluginName, List<URL> jars, ClassLoader host) {
        super("plugin-" + pluginName, jars.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        this.host = requireNonNull(host, "host");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String prefix : SHARED_PACKAGES) {
            if (name.startsWith(prefix)) {
                return host.loadClass(name);
            }
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notInPlugin) {
                    loaded = super.loadClass(name, false);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = Collections.list(findResources(name));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }
}
