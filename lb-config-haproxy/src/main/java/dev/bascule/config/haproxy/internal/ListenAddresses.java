package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The listening addresses of {@code bind} and {@code stats socket}, as the model holds them. */
final class ListenAddresses {
    private ListenAddresses() {
    }

    /** {@code str2listener()}'s walk over a comma-separated address list. */
    static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        String rest = list;
        while (rest != null && !rest.isEmpty()) {
            int comma = rest.indexOf(',');
            if (comma >= 0) {
                items.add(rest.substring(0, comma));
                rest = rest.substring(comma + 1);
            } else {
                items.add(rest);
                rest = null;
            }
        }
        return items;
    }

    /**
     * A listening address as the model holds it, or empty after an alert.
     *
     * @param invalidPrefix what precedes HAProxy's own messages
     * @param prefix        what precedes Bascule's messages
     */
    static Optional<ListenAddress> listenAddress(AddressParser.Parsed parsed, String written, String invalidPrefix,
                                                 String prefix, SourceLocation location, Diagnostics diagnostics) {
        return listenAddresses(parsed, written, invalidPrefix, prefix, location, diagnostics, false)
                .map(addresses -> addresses.get(0));
    }

    /**
     * The listening addresses of one written address, or empty after an alert: one per port of a
     * port range ({@code :8000-8010}) when {@code ranges}, as HAProxy's {@code str2listener()}
     * makes one listener per port.
     */
    static Optional<List<ListenAddress>> listenAddresses(AddressParser.Parsed parsed, String written,
                                                         String invalidPrefix, String prefix, SourceLocation location,
                                                         Diagnostics diagnostics, boolean ranges) {
        if (parsed instanceof AddressParser.Invalid invalid) {
            diagnostics.alert(location, invalidPrefix + invalid.message());
            return Optional.empty();
        }
        if (parsed instanceof AddressParser.Unsupported unsupported) {
            diagnostics.alert(location, prefix + "'" + unsupported.form() + "' addresses are not implemented yet by"
                    + " Bascule");
            return Optional.empty();
        }
        if (parsed instanceof AddressParser.FileDescriptor fd) {
            return Optional.of(List.of(new ListenAddress.FileDescriptor(fd.fd())));
        }
        if (parsed instanceof AddressParser.Unix unix) {
            return Optional.of(List.of(new ListenAddress.Unix(unix.path())));
        }
        AddressParser.Inet inet = (AddressParser.Inet) parsed;
        if (inet.hostName()) {
            diagnostics.alert(location, prefix + "host names are not implemented yet by Bascule (in '" + written
                    + "'); use an IP address");
            return Optional.empty();
        }
        if (inet.portLow() != inet.portHigh() && !ranges) {
            diagnostics.alert(location, prefix + "port ranges are not implemented yet by Bascule (in '" + written
                    + "')");
            return Optional.empty();
        }
        List<ListenAddress> addresses = new ArrayList<>();
        for (int port = inet.portLow(); port <= inet.portHigh(); port++) {
            addresses.add(new ListenAddress.Inet(inet.host(), port));
        }
        return Optional.of(List.copyOf(addresses));
    }
}
