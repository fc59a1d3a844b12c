package dev.bascule.core;

import dev.bascule.api.loader.ConfigSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads {@code -f} arguments: files as given, directories as their {@code *.cfg} files in lexical order. */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** A configuration file that could not be read; the message is HAProxy's. */
    public static final class UnreadableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableException(String message) {
            super(message);
        }
    }

    public static List<ConfigSource> read(List<String> arguments) throws UnreadableException {
        List<ConfigSource> sources = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> entries = Files.list(path)) {
                    files = entries.filter(file -> file.getFileName().toString().endsWith(".cfg"))
                            .filter(Files::isRegularFile)
                            .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                            .toList();
                } catch (IOException e) {
                    throw new UnreadableException("Cannot open directory " + argument + " : " + e.getMessage());
                }
                for (Path file : files) {
                    String name = argument.endsWith("/") ? argument + file.getFileName() : argument + "/" + file.getFileName();
                    sources.add(new ConfigSource(name, readFile(file, name)));
                }
            } else {
                sources.add(new ConfigSource(argument, readFile(path, argument)));
            }
        }
        return sources;
    }

    private static String readFile(Path path, String name) throws UnreadableException {
        try {
            return Files.readString(path, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new UnreadableException("Could not open configuration file " + name + " : No such file or directory");
        } catch (AccessDeniedException e) {
            throw new UnreadableException("Could not open configuration file " + name + " : Permission denied");
        } catch (IOException e) {
            throw new UnreadableException("Could not open configuration file " + name + " : " + e.getMessage());
        }
    }
}
