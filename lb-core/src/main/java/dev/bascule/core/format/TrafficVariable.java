package dev.bascule.core.format;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;

/**
 * The log-format variables a rule's format can use, written from the live traffic: the
 * connection's addresses, the proxies and server, the host, the process, the stream's number and
 * its accept date ({@code %ci %cp %fi %fp %f %ft %b %s %H %pid %rt %Ts %ms}).
 */
enum TrafficVariable implements Part<TrafficView> {
    CLIENT_IP, CLIENT_PORT, FRONTEND_IP, FRONTEND_PORT, FRONTEND, FRONTEND_TRANSPORT, BACKEND, SERVER, HOST, PID,
    STREAM, ACCEPT_SECONDS, ACCEPT_MILLIS;

    static TrafficVariable of(String name) throws InvalidArgumentException {
        return switch (name) {
            case "ci" -> CLIENT_IP;
            case "cp" -> CLIENT_PORT;
            case "fi" -> FRONTEND_IP;
            case "fp" -> FRONTEND_PORT;
            case "f" -> FRONTEND;
            case "ft" -> FRONTEND_TRANSPORT;
            case "b" -> BACKEND;
            case "s" -> SERVER;
            case "ms" -> ACCEPT_MILLIS;
            case "H" -> HOST;
            case "pid" -> PID;
            case "rt" -> STREAM;
            case "Ts" -> ACCEPT_SECONDS;
            default -> throw new InvalidArgumentException("log-format variable '%" + name + "' cannot be used here");
        };
    }

    @Override
    public boolean write(TrafficView traffic, int flags, Sample sample, StringBuilder out) {
        switch (this) {
            case CLIENT_IP -> FormatText.address(traffic.source(), null, flags, out);
            case CLIENT_PORT -> FormatText.port(traffic.source(), flags, out);
            case FRONTEND_IP -> FormatText.address(traffic.destination(), null, flags, out);
            case FRONTEND_PORT -> FormatText.port(traffic.destination(), flags, out);
            case FRONTEND -> FormatText.text(traffic.frontendName(), flags, out);
            case FRONTEND_TRANSPORT -> {
                // the name, and '~' on a TLS listener; quoted with Q, never escaped
                FormatText.quote(flags, out);
                CharSequence name = traffic.frontendName();
                if (name != null) {
                    out.append(name);
                }
                if (traffic.secure()) {
                    out.append('~');
                }
                FormatText.quote(flags, out);
            }
            // the frontend until a backend is chosen, as HAProxy's s->be
            case BACKEND -> FormatText.text(traffic.backendName(), flags, out);
            case SERVER -> {
                CharSequence name = traffic.targetServerName();
                FormatText.text(name != null ? name : "<NOSRV>", flags, out);
            }
            case ACCEPT_MILLIS -> {
                int part = (int) Math.floorMod(acceptEpochMillis(traffic), 1000L);
                if ((flags & LogFormat.HEX) != 0) {
                    FormatText.hex(part, 2, out);
                } else {
                    FormatText.pad3(part, out);
                }
            }
            case HOST -> FormatText.text(FormatText.HOST_NAME, flags, out);
            case PID -> FormatText.number(FormatText.PID, flags, 4, out);
            case STREAM -> {
                long id = traffic.streamId();
                if (id >= 0) {
                    FormatText.number(id, flags, 4, out);
                } else {
                    FormatText.text(null, flags, out);
                }
            }
            case ACCEPT_SECONDS -> FormatText.number(Math.floorDiv(acceptEpochMillis(traffic), 1000L), flags, 4, out);
        }
        return true;
    }

    private static long acceptEpochMillis(TrafficView traffic) {
        long millis = traffic.acceptEpochMillis();
        return millis != 0 ? millis : System.currentTimeMillis();
    }
}
