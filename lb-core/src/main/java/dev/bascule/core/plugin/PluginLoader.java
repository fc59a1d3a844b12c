package dev.bascule.core.plugin;

import dev.bascule.api.Plugin;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ScanResult;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds plugins: the built-ins on the application class path, and one plugin per directory of
 * {@code plugins/}, each in its own {@link PluginClassLoader}. ClassGraph scans only the plugin's
 * own jars and the packages its descriptor names; classes are loaded through the plugin's loader.
 */
public final class PluginLoader {
    private final ClassLoader host;

    public PluginLoader(ClassLoader host) {
        this.host = host;
    }

    /** The plugins whose descriptors are on the host class path (the built-ins in tests and development). */
    public List<LoadedPlugin> loadClasspath() throws PluginException {
        List<LoadedPlugin> plugins = new ArrayList<>();
        List<URL> descriptors;
        try {
            descriptors = Collections.list(host.getResources(Plugin.DESCRIPTOR));
        } catch (IOException e) {
            throw new PluginException("cannot list plugin descriptors on the class path: " + e.getMessage(), e);
        }
        for (URL url : descriptors) {
            String root = classpathRoot(url);
            PluginDescriptor descriptor = PluginDescriptor.read(url, root);
            List<Plugin> instances = instantiate(descriptor, host, List.of(root), false);
            plugins.add(new LoadedPlugin(descriptor, host, instances));
        }
        plugins.sort((a, b) -> a.name().compareTo(b.name()));
        return plugins;
    }

    /** One plugin per sub-directory of {@code directory}, in name order; none when it does not exist. */
    public List<LoadedPlugin> loadDirectory(Path directory) throws PluginException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> pluginDirectories;
        try (Stream<Path> entries = Files.list(directory)) {
            pluginDirectories = entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new PluginException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        List<LoadedPlugin> plugins = new ArrayList<>();
        for (Path pluginDirectory : pluginDirectories) {
            plugins.add(loadPluginDirectory(pluginDirectory));
        }
        return plugins;
    }

    private LoadedPlugin loadPluginDirectory(Path directory) throws PluginException {
        List<Path> jars;
        try (Stream<Path> entries = Files.list(directory)) {
            jars = entries.filter(path -> path.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new PluginException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        if (jars.isEmpty()) {
            throw new PluginException("plugin directory " + directory + " holds no jar");
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new PluginException("bad jar path " + jar + ": " + e.getMessage(), e);
            }
        }
        String dirName = directory.getFileName().toString();
        PluginClassLoader loader = new PluginClassLoader(dirName, urls, host);
        URL descriptorUrl = loader.findResource(Plugin.DESCRIPTOR);
        if (descriptorUrl == null) {
            throw new PluginException("plugin directory " + directory + ": no " + Plugin.DESCRIPTOR + " in "
                    + jars.stream().map(jar -> jar.getFileName().toString()).toList());
        }
        PluginDescriptor descriptor = PluginDescriptor.read(descriptorUrl, directory.toString());
        List<Plugin> instances = instantiate(descriptor, loader,
                jars.stream().map(Path::toString).toList(), true);
        return new LoadedPlugin(descriptor, loader, instances);
    }

    private static List<Plugin> instantiate(PluginDescriptor descriptor, ClassLoader loader, List<String> classpath,
                                            boolean isolated) throws PluginException {
        List<String> names;
        ClassGraph graph = new ClassGraph()
                .overrideClasspath(classpath)
                .acceptPackages(descriptor.scanPackages().toArray(new String[0]))
                .enableClassInfo();
        if (isolated) {
            graph = graph.overrideClassLoaders(loader).ignoreParentClassLoaders();
        }
        try (ScanResult scan = graph.scan()) {
            names = scan.getClassesImplementing(Plugin.class.getName())
                    .filter(info -> !info.isAbstract() && !info.isInterface())
                    .getNames();
        }
        if (names.isEmpty()) {
            throw new PluginException("plugin '" + descriptor.name() + "': no implementation of "
                    + Plugin.class.getName() + " in packages " + descriptor.scanPackages() + " of " + classpath);
        }
        List<Plugin> instances = new ArrayList<>();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            for (String name : names) {
                Class<?> type = Class.forName(name, true, loader);
                if (!Plugin.class.isAssignableFrom(type)) {
                    throw new PluginException("plugin '" + descriptor.name() + "': " + name
                            + " implements a Plugin interface from another class loader; "
                            + "the plugin's jars must not bundle lb-api");
                }
                instances.add((Plugin) type.getConstructor().newInstance());
            }
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new PluginException("plugin '" + descriptor.name() + "': cannot instantiate its Plugin: " + e, e);
        } catch (InvocationTargetException e) {
            throw new PluginException("plugin '" + descriptor.name() + "': its constructor failed: " + e.getCause(),
                    e.getCause());
        } finally {
            thread.setContextClassLoader(previous);
        }
        return instances;
    }

    /** The class-path element (jar or directory) a descriptor URL lives in. */
    private static String classpathRoot(URL descriptor) throws PluginException {
        try {
            if ("jar".equals(descriptor.getProtocol())) {
                URL jar = ((JarURLConnection) descriptor.openConnection()).getJarFileURL();
                return Path.of(jar.toURI()).toString();
            }
            Path file = Path.of(descriptor.toURI());
            // strip META-INF/bascule-plugin.properties
            return file.getParent().getParent().toString();
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            throw new PluginException("cannot locate the class-path entry of " + descriptor + ": " + e, e);
        }
    }
}
