package dev.bascule.config.haproxy.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * The system's users and groups as {@code getpwnam()} and {@code getgrnam()} know them (the JDK's
 * lookup service calls them), for the options that name one, checked when the file is read as
 * HAProxy checks them.
 */
final class SystemAccounts {
    private SystemAccounts() {
    }

    static boolean userExists(String name) {
        return exists(name, false);
    }

    static boolean groupExists(String name) {
        return exists(name, true);
    }

    private static boolean exists(String name, boolean group) {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            if (group) {
                lookup.lookupPrincipalByGroupName(name);
            } else {
                lookup.lookupPrincipalByName(name);
            }
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
