package dev.bascule.transport.netty;

import dev.bascule.api.config.StatsSocketConfig;
import dev.bascule.api.config.StatsSocketConfig.FileOwner;
import dev.bascule.core.Transport.TransportException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The socket file of a UNIX {@code stats socket}: its owner ({@code user}/{@code uid}), group
 * ({@code group}/{@code gid}) and permissions ({@code mode}), set in this order as HAProxy's
 * {@code uxst_bind_listener()} does ({@code chown()} then {@code chmod()}).
 */
final class StatsSocketFiles {
    private StatsSocketFiles() {
    }

    static void apply(Path path, StatsSocketConfig socket) throws TransportException {
        try {
            setOwner(path, socket.owner(), false);
            setOwner(path, socket.group(), true);
        } catch (IOException | RuntimeException e) {
            throw new TransportException("Starting stats socket: cannot change UNIX socket ownership of " + path
                    + ": " + e, e);
        }
        if (socket.mode().isPresent()) {
            try {
                Files.setPosixFilePermissions(path, permissions(socket.mode().getAsInt()));
            } catch (IOException e) {
                throw new TransportException("Starting stats socket: cannot change the mode of " + path + ": " + e, e);
            }
        }
    }

    private static void setOwner(Path path, Optional<FileOwner> owner, boolean group) throws IOException {
        if (owner.isEmpty()) {
            return;
        }
        if (owner.get() instanceof FileOwner.Id id) {
            // the "unix" view takes numbers the system need not know
            Files.setAttribute(path, group ? "unix:gid" : "unix:uid", id.id());
            return;
        }
        String name = ((FileOwner.Name) owner.get()).name();
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (group) {
            view.setGroup(lookup.lookupPrincipalByGroupName(name));
        } else {
            view.setOwner(lookup.lookupPrincipalByName(name));
        }
    }

    /** The permissions of an octal mode such as {@code 0660} (its lowest nine bits). */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }
}
