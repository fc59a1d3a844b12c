package dev.bascule.core.cli;

import dev.bascule.api.loader.Diagnostic;

import java.io.PrintStream;

/** Prints messages as HAProxy does: {@code [ALERT]    (pid) : config : parsing [file:line] : text}. */
public final class Console {
    private final PrintStream err;
    private final long pid;
    private final boolean quiet;

    public Console(PrintStream err, long pid, boolean quiet) {
        this.err = err;
        this.pid = pid;
        this.quiet = quiet;
    }

    public void alert(String message) {
        print("[ALERT]", message);
    }

    public void warning(String message) {
        if (!quiet) {
            print("[WARNING]", message);
        }
    }

    public void notice(String message) {
        if (!quiet) {
            print("[NOTICE]", message);
        }
    }

    /** A loader or compiler diagnostic, in HAProxy's words. */
    public void diagnostic(Diagnostic diagnostic) {
        String text = "config : " + diagnostic.location()
                .map(location -> (diagnostic.parsing() ? "parsing [" : "[") + location + "] : ").orElse("")
                + diagnostic.message();
        switch (diagnostic.severity()) {
            case ALERT:
                alert(text);
                break;
            case WARNING:
                warning(text);
                break;
            case NOTICE:
                notice(text);
                break;
        }
    }

    private void print(String label, String message) {
        err.print(String.format("%-11s(%d) : %s%n", label, pid, message));
        err.flush();
    }
}
