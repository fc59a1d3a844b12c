package dev.bascule.core.rules;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.FetchContext;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.sample.ConvertedFetch;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A log-format string compiled for the traffic path (header values, dynamic backend names,
 * {@code unique-id-format}, {@code set-var-fmt}). HAProxy writes its parts two ways: in an HTTP
 * context (header values, redirects, replies, rewrites, the unique ID) a sample expression's text
 * has its control characters {@code %XX}-encoded and is never quoted; elsewhere it is written
 * as text ({@code Q} quotes it). Nothing is written for a missing sample unless {@code M} asks
 * for {@code -}. The variables a request can answer: {@code %ci %cp %fi %fp %f %ft %b %s %H %pid %rt %Ts %ms},
 * with their options ({@code %{+X}o} makes numbers and addresses hexadecimal).
 */
public final class CompiledFormat implements dev.bascule.api.sample.SampleFormat {
    private static final String HOST_NAME = hostName();
    private static final long PID = ProcessHandle.current().pid();
    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    private final Object[] parts;
    /** The option flags of each part ({@link LogFormat#QUOTE}...). */
    private final int[] flags;
    private final boolean http;
    /** Whether every part is text: the format renders the same for every message. */
    private final boolean literal;

    private CompiledFormat(Object[] parts, int[] flags, boolean http, boolean literal) {
        this.parts = parts;
        this.flags = flags;
        this.http = http;
        this.literal = literal;
    }

    @Override
    public boolean constant() {
        return literal;
    }

    /** Compiles {@code format}; the loader has validated it, so a failure here is a bug or a registry mismatch. */
    public static CompiledFormat compile(KeywordRegistry registry, LogFormat format) throws InvalidArgumentException {
        return compile(registry, format, null);
    }

    /** As {@link #compile(KeywordRegistry, LogFormat)} in an HTTP context, converters created with {@code context} when not null. */
    public static CompiledFormat compile(KeywordRegistry registry, LogFormat format,
                                         @Nullable ConverterContext context)
            throws InvalidArgumentException {
        return compile(registry, format, context, true);
    }

    /**
     * Compiles {@code format} for an HTTP context ({@code http}: HAProxy's {@code LOG_OPT_HTTP})
     * or another one ({@code use_backend} names, {@code set-var-fmt}).
     */
    public static CompiledFormat compile(KeywordRegistry registry, LogFormat format,
                                         @Nullable ConverterContext context, boolean http)
            throws InvalidArgumentException {
        List<LogFormat.Node> nodes = format.nodes();
        Object[] parts = new Object[nodes.size()];
        int[] flags = new int[nodes.size()];
        for (int i = 0; i < parts.length; i++) {
            LogFormat.Node node = nodes.get(i);
            if (node instanceof LogFormat.Literal literal) {
                parts[i] = literal.text();
            } else if (node instanceof LogFormat.Expression expression) {
                SampleFetchFactory factory = registry.sampleFetch(expression.fetch()).orElseThrow(() ->
                        new InvalidArgumentException("no plugin serves fetch '" + expression.fetch() + "'"));
                parts[i] = ConvertedFetch.of(registry, factory.create(expression.arguments(),
                                context == null ? FetchContext.NONE : context), factory.outputType(),
                        expression.converters(), context);
                flags[i] = LogFormat.flags(expression.options(), 0);
            } else {
                LogFormat.Variable variable = (LogFormat.Variable) node;
                parts[i] = Variable.of(variable.name());
                flags[i] = LogFormat.flags(variable.options(), 0);
            }
        }
        return new CompiledFormat(parts, flags, http, format.isLiteral());
    }

    /** Appends the format's text for {@code traffic} to {@code out}, using {@code sample} as the fetches' holder. */
    public void render(TrafficView traffic, Sample sample, StringBuilder out) {
        for (int i = 0; i < parts.length; i++) {
            Object part = parts[i];
            if (part instanceof String) {
                out.append((String) part);
            } else if (part instanceof SampleFetch) {
                sample.reset(false);
                boolean found = ((SampleFetch) part).fetch(traffic, sample) && sample.castTo(SampleType.STRING);
                if (http) {
                    if (found) {
                        httpText(sample.text(), sample.start(), sample.end(), flags[i], out);
                    }
                } else if (found) {
                    text(sample.text(), sample.start(), sample.end(), flags[i], out);
                } else {
                    text(null, 0, 0, flags[i], out);
                }
            } else {
                ((Variable) part).render(traffic, flags[i], out);
            }
        }
    }

    /** The rendered text as a new String. */
    @Override
    public String render(TrafficView traffic, Sample sample) {
        StringBuilder out = new StringBuilder(32);
        render(traffic, sample, out);
        return out.toString();
    }

    /**
     * HAProxy's {@code lf_encode_chunk()} with {@code http_encode_map}: {@code %XX} for the bytes a
     * header value cannot hold (0x00-0x08, 0x0A-0x1F, 0x7F); with E, {@code " \\ ]} get a backslash.
     */
    private static void httpText(CharSequence value, int start, int end, int flags, StringBuilder out) {
        boolean escape = (flags & LogFormat.ESCAPE) != 0;
        int plain = start;
        while (plain < end && !special(value.charAt(plain), escape)) {
            plain++;
        }
        // the usual case, nothing to encode: one copy
        out.append(value, start, plain);
        for (int i = plain; i < end; i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                out.append('%').append(HEX_DIGITS[(c >> 4) & 15]).append(HEX_DIGITS[c & 15]);
            } else {
                if (escape && (c == '"' || c == '\\' || c == ']')) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
    }

    private static boolean special(char c, boolean escape) {
        return (c < 0x20 && c != '\t') || c == 0x7F || (escape && (c == '"' || c == '\\' || c == ']'));
    }

    /** HAProxy's {@code lf_text_len()}: quoted with Q, escaped with E, {@code -} for nothing with M (not with Q). */
    private static void text(@Nullable CharSequence value, int start, int end, int flags, StringBuilder out) {
        boolean quoted = (flags & LogFormat.QUOTE) != 0;
        if (quoted) {
            out.append('"');
        }
        if (value != null && end > start) {
            if ((flags & LogFormat.ESCAPE) != 0) {
                for (int i = start; i < end; i++) {
                    char c = value.charAt(i);
                    if (c == '"' || c == '\\' || c == ']') {
                        out.append('\\');
                    }
                    out.append(c);
                }
            } else {
                out.append(value, start, end);
            }
        } else if (!quoted && (flags & LogFormat.MANDATORY) != 0) {
            out.append('-');
        }
        if (quoted) {
            out.append('"');
        }
    }

    private enum Variable {
        CLIENT_IP, CLIENT_PORT, FRONTEND_IP, FRONTEND_PORT, FRONTEND, FRONTEND_TRANSPORT, BACKEND, SERVER, HOST, PID,
        STREAM, ACCEPT_SECONDS, ACCEPT_MILLIS;

        static Variable of(String name) throws InvalidArgumentException {
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

        void render(TrafficView traffic, int flags, StringBuilder out) {
            boolean hex = (flags & LogFormat.HEX) != 0;
            switch (this) {
                case CLIENT_IP -> address(traffic.source(), flags, out);
                case CLIENT_PORT -> port(traffic.source(), flags, out);
                case FRONTEND_IP -> address(traffic.destination(), flags, out);
                case FRONTEND_PORT -> port(traffic.destination(), flags, out);
                case FRONTEND -> {
                    CharSequence name = traffic.frontendName();
                    text(name, 0, name == null ? 0 : name.length(), flags, out);
                }
                case FRONTEND_TRANSPORT -> {
                    // the name, and '~' on a TLS listener; quoted with Q, never escaped
                    boolean quoted = (flags & LogFormat.QUOTE) != 0;
                    if (quoted) {
                        out.append('"');
                    }
                    CharSequence name = traffic.frontendName();
                    if (name != null) {
                        out.append(name);
                    }
                    if (traffic.secure()) {
                        out.append('~');
                    }
                    if (quoted) {
                        out.append('"');
                    }
                }
                case BACKEND -> {
                    // the frontend until a backend is chosen, as HAProxy's s->be
                    CharSequence name = traffic.backendName();
                    text(name, 0, name == null ? 0 : name.length(), flags, out);
                }
                case SERVER -> {
                    CharSequence name = traffic.targetServerName();
                    CharSequence shown = name != null ? name : "<NOSRV>";
                    text(shown, 0, shown.length(), flags, out);
                }
                case ACCEPT_MILLIS -> {
                    long millis = traffic.acceptEpochMillis();
                    int part = (int) Math.floorMod(millis != 0 ? millis : System.currentTimeMillis(), 1000L);
                    if (hex) {
                        hex(part, 2, out);
                    } else {
                        out.append((char) ('0' + part / 100)).append((char) ('0' + part / 10 % 10))
                                .append((char) ('0' + part % 10));
                    }
                }
                case HOST -> text(HOST_NAME, 0, HOST_NAME.length(), flags, out);
                case PID -> number(CompiledFormat.PID, hex, out);
                case STREAM -> {
                    long id = traffic.streamId();
                    if (id >= 0) {
                        number(id, hex, out);
                    } else {
                        text(null, 0, 0, flags, out);
                    }
                }
                case ACCEPT_SECONDS -> {
                    long millis = traffic.acceptEpochMillis();
                    number(Math.floorDiv(millis != 0 ? millis : System.currentTimeMillis(), 1000L), hex, out);
                }
            }
        }

        /** HAProxy's {@code lf_ip()}: the address as text, or its bytes in hexadecimal with X. */
        private static void address(@Nullable InetSocketAddress address, int flags, StringBuilder out) {
            if (address == null || address.getAddress() == null) {
                text(null, 0, 0, flags, out);
            } else if ((flags & LogFormat.HEX) != 0) {
                for (byte b : address.getAddress().getAddress()) {
                    hex(b & 0xFF, 2, out);
                }
            } else {
                String text = address.getAddress().getHostAddress();
                text(text, 0, text.length(), flags, out);
            }
        }

        /** HAProxy's {@code lf_port()}: a number, or four hexadecimal digits with X. */
        private static void port(@Nullable InetSocketAddress address, int flags, StringBuilder out) {
            if (address == null) {
                text(null, 0, 0, flags, out);
            } else if ((flags & LogFormat.HEX) != 0) {
                hex(address.getPort(), 4, out);
            } else {
                out.append(address.getPort());
            }
        }

        /** A number, or with X at least four upper-case hexadecimal digits ({@code %04X} of its low 32 bits). */
        private static void number(long value, boolean hex, StringBuilder out) {
            if (hex) {
                hex(value & 0xFFFFFFFFL, 4, out);
            } else {
                out.append(value);
            }
        }
    }

    private static void hex(long value, int digits, StringBuilder out) {
        int length = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
        for (int i = length; i < digits; i++) {
            out.append('0');
        }
        for (int shift = (length - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX_DIGITS[(int) (value >>> shift) & 15]);
        }
    }

    private static String hostName() {
        try {
            String name = java.net.InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
