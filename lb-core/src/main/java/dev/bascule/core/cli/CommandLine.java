package dev.bascule.core.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * HAProxy's command-line flags, as far as Bascule implements them.
 *
 * @param configFiles {@code -f}, in order (files or directories)
 * @param mode        what to do
 * @param condition   the expression of {@code -cc}
 * @param foreground  {@code -d} or {@code -db}
 * @param debug       {@code -d}: verbose start-up notices
 * @param daemon      {@code -D}
 * @param pidFile     {@code -p}
 * @param quiet       {@code -q}
 * @param localPeer   {@code -L}
 */
public record CommandLine(List<String> configFiles, Mode mode, Optional<String> condition, boolean foreground,
                          boolean debug, boolean daemon, Optional<String> pidFile, boolean quiet,
                          Optional<String> localPeer) {
    public CommandLine {
        configFiles = List.copyOf(configFiles);
        requireNonNull(mode, "mode");
        requireNonNull(condition, "condition");
        requireNonNull(pidFile, "pidFile");
        requireNonNull(localPeer, "localPeer");
    }

    /** What the invocation asks for. */
    public enum Mode {
        RUN, CHECK, VERSION, VERSION_VERBOSE, CHECK_CONDITION, HELP
    }

    /** A command line that cannot be used; the message says why. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Parses HAProxy-style arguments. */
    public static CommandLine parse(String[] args) throws UsageException {
        List<String> files = new ArrayList<>();
        Mode mode = Mode.RUN;
        String condition = null;
        boolean foreground = false;
        boolean debug = false;
        boolean daemon = false;
        boolean quiet = false;
        String pidFile = null;
        String localPeer = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-f":
                    files.add(value(args, ++i, "-f", "configuration file or directory"));
                    break;
                case "-c":
                    mode = Mode.CHECK;
                    break;
                case "-cc":
                    mode = Mode.CHECK_CONDITION;
                    condition = value(args, ++i, "-cc", "condition");
                    break;
                case "-v":
                    mode = Mode.VERSION;
                    break;
                case "-vv":
                    mode = Mode.VERSION_VERBOSE;
                    break;
                case "-d":
                    foreground = true;
                    debug = true;
                    break;
                case "-db":
                    foreground = true;
                    break;
                case "-D":
                    daemon = true;
                    break;
                case "-q":
                    quiet = true;
                    break;
                case "-p":
                    pidFile = value(args, ++i, "-p", "pid file");
                    break;
                case "-L":
                    localPeer = value(args, ++i, "-L", "local peer name");
                    break;
                case "-h":
                case "--help":
                    mode = Mode.HELP;
                    break;
                case "--":
                    for (i++; i < args.length; i++) {
                        files.add(args[i]);
                    }
                    break;
                default:
                    if (arg.startsWith("-dM")) {
                        // memory poisoning and debugging: the JVM zeroes and checks memory itself
                        break;
                    }
                    throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (mode != Mode.CHECK_CONDITION && mode != Mode.VERSION && mode != Mode.VERSION_VERBOSE
                && mode != Mode.HELP && files.isEmpty()) {
            throw new UsageException("no configuration file given (-f)");
        }
        return new CommandLine(files, mode, Optional.ofNullable(condition), foreground, debug, daemon,
                Optional.ofNullable(pidFile), quiet, Optional.ofNullable(localPeer));
    }

    private static String value(String[] args, int index, String flag, String what) throws UsageException {
        if (index >= args.length) {
            throw new UsageException(what + " expected after " + flag);
        }
        return args[index];
    }

    /** The usage text, HAProxy's shape. */
    public static String usage() {
        return String.join("\n",
                "Usage : bascule [-f <cfgfile|cfgdir>]* [ -vdDq ] [ -p <pidfile> ] [ -L <name> ] [ -c ] [ -cc <cond> ]",
                "        -v displays version ; -vv shows known build options.",
                "        -d enters debug mode ; -db only disables background mode.",
                "        -D goes daemon ; -p writes pids of all children to this file",
                "        -q quiet mode : don't display messages",
                "        -c check mode : only check config files and exit",
                "        -cc check condition : evaluate a condition and exit",
                "        -L set local peer name (default to hostname)",
                "        -dM[...] accepted for compatibility (memory debugging is the JVM's)",
                "");
    }
}
