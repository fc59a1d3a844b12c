package dev.bascule.config.haproxy.internal;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.loader.AccountLookupException;
import dev.bascule.api.loader.CText;
import dev.bascule.api.loader.LoaderContext;

import java.util.OptionalLong;

/**
 * The identity, root and limits of the process ({@code cfg_parse_global()}): {@code user},
 * {@code uid}, {@code group}, {@code gid}, {@code chroot} and {@code ulimit-n}. Names are looked up
 * in the system's account database while the file is read, as HAProxy's {@code getpwnam()} and
 * {@code getgrnam()}; the core applies them at start-up.
 */
final class PrivilegeKeywords {
    private final LoaderContext context;

    PrivilegeKeywords(LoaderContext context) {
        this.context = requireNonNull(context, "context");
    }

    void register(GlobalKeywordTable table) {
        table.register("uid", line -> parseId(line, true));
        table.register("gid", line -> parseId(line, false));
        table.register("user", this::parseUser);
        table.register("group", this::parseGroup);
        table.register("chroot", PrivilegeKeywords::parseChroot);
        table.register("ulimit-n", PrivilegeKeywords::parseFileLimit);
    }

    /** {@code uid <number>} and {@code gid <number>}. */
    private static void parseId(GlobalLine line, boolean user) {
        if (line.tooManyArgs(1)) {
            return;
        }
        if ((user ? line.global.uid : line.global.gid) != 0) {
            line.alert(user ? "user/uid already specified. Continuing." : "group/gid already specified. Continuing.");
            return;
        }
        String value = line.word(1);
        if (value.isEmpty()) {
            line.alert("'" + line.keyword() + "' expects an integer argument.");
            return;
        }
        Integer id = strictInt(value);
        if (id == null) {
            // HAProxy warns and leaves the id as it was
            line.warning(" " + line.keyword() + ": string '" + value + "' is not a number.\n"
                    + "   | You might want to use the '" + (user ? "user" : "group")
                    + "' parameter to use a system " + (user ? "user" : "group") + " name.");
            return;
        }
        if (user) {
            line.global.uid = id;
        } else {
            line.global.gid = id;
        }
    }

    private void parseUser(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        if (line.global.uid != 0) {
            line.alert("user/uid already specified. Continuing.");
            return;
        }
        try {
            line.global.uid = context.userId(line.word(1));
        } catch (AccountLookupException e) {
            line.alert("cannot find user id for '" + line.word(1) + "' (" + e.errno() + ":" + e.getMessage() + ")");
        }
    }

    private void parseGroup(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        if (line.global.gid != 0) {
            line.alert("gid/group was already specified. Continuing.");
            return;
        }
        try {
            line.global.gid = context.groupId(line.word(1));
        } catch (AccountLookupException e) {
            line.alert("cannot find group id for '" + line.word(1) + "' (" + e.errno() + ":" + e.getMessage() + ")");
        }
    }

    private static void parseChroot(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        if (line.global.chroot != null) {
            line.alert("'chroot' already specified. Continuing.");
        } else if (line.word(1).isEmpty()) {
            line.alert("'chroot' expects a directory as an argument.");
        } else {
            line.global.chroot = line.word(1);
        }
    }

    private static void parseFileLimit(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        if (line.global.fileLimit.isPresent()) {
            line.alert("'ulimit-n' already specified. Continuing.");
        } else if (line.word(1).isEmpty()) {
            line.alert("'ulimit-n' expects an integer argument.");
        } else {
            // HAProxy's atol() into an int: 0 (a non-number) leaves the limit as it is
            long value = (int) CText.atol(line.word(1));
            line.global.fileLimit = value == 0 ? OptionalLong.empty() : OptionalLong.of(value);
        }
    }

    /** HAProxy's {@code strl2irc()}: an optional minus sign and digits, within an int. */
    static Integer strictInt(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (start == text.length()) {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            if (!CText.isDigit(text.charAt(i))) {
                return null;
            }
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
