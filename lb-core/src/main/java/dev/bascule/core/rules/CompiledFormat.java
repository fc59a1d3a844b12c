package dev.bascule.core.rules;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.sample.ConvertedFetch;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A log-format string compiled for the traffic path (header values, dynamic backend names):
 * literal parts, sample expressions (their last value, as text; nothing when absent, as HAProxy
 * writes nothing) and the variables a request can answer: {@code %ci %cp %fi %fp %H %pid}.
 */
public final class CompiledFormat {
    private static final String HOST_NAME = hostName();
    private static final String PID = Long.toString(ProcessHandle.current().pid());

    private final Object[] parts;

    private CompiledFormat(Object[] parts) {
        this.parts = parts;
    }

    /** Compiles {@code format}; the loader has validated it, so a failure here is a bug or a registry mismatch. */
    public static CompiledFormat compile(KeywordRegistry registry, LogFormat format) throws InvalidArgumentException {
        return compile(registry, format, null);
    }

    /** As {@link #compile(KeywordRegistry, LogFormat)}, converters created with {@code context} when not null. */
    public static CompiledFormat compile(KeywordRegistry registry, LogFormat format,
                                         @Nullable ConverterContext context)
            throws InvalidArgumentException {
        List<LogFormat.Node> nodes = format.nodes();
        Object[] parts = new Object[nodes.size()];
        for (int i = 0; i < parts.length; i++) {
            LogFormat.Node node = nodes.get(i);
            if (node instanceof LogFormat.Literal literal) {
                parts[i] = literal.text();
            } else if (node instanceof LogFormat.Expression expression) {
                SampleFetchFactory factory = registry.sampleFetch(expression.fetch()).orElseThrow(() ->
                        new InvalidArgumentException("no plugin serves fetch '" + expression.fetch() + "'"));
                parts[i] = ConvertedFetch.of(registry, factory.create(expression.arguments()), factory.outputType(),
                        expression.converters(), context);
            } else {
                LogFormat.Variable variable = (LogFormat.Variable) node;
                parts[i] = Variable.of(variable.name());
            }
        }
        return new CompiledFormat(parts);
    }

    /** Appends the format's text for {@code traffic} to {@code out}, using {@code sample} as the fetches' holder. */
    public void render(TrafficView traffic, Sample sample, StringBuilder out) {
        for (Object part : parts) {
            if (part instanceof String) {
                out.append((String) part);
            } else if (part instanceof SampleFetch) {
                sample.reset(false);
                if (((SampleFetch) part).fetch(traffic, sample) && sample.castTo(SampleType.STRING)) {
                    out.append(sample.text(), sample.start(), sample.end());
                }
            } else {
                ((Variable) part).render(traffic, out);
            }
        }
    }

    /** The rendered text as a new String. */
    public String render(TrafficView traffic, Sample sample) {
        StringBuilder out = new StringBuilder(32);
        render(traffic, sample, out);
        return out.toString();
    }

    private enum Variable {
        CLIENT_IP, CLIENT_PORT, FRONTEND_IP, FRONTEND_PORT, HOST, PID;

        static Variable of(String name) throws InvalidArgumentException {
            switch (name) {
                case "ci":
                    return CLIENT_IP;
                case "cp":
                    return CLIENT_PORT;
                case "fi":
                    return FRONTEND_IP;
                case "fp":
                    return FRONTEND_PORT;
                case "H":
                    return HOST;
                case "pid":
                    return PID;
                default:
                    throw new InvalidArgumentException("log-format variable '%" + name + "' cannot be used here");
            }
        }

        void render(TrafficView traffic, StringBuilder out) {
            switch (this) {
                case CLIENT_IP:
                    address(traffic.source(), out);
                    break;
                case CLIENT_PORT:
                    out.append(traffic.source().getPort());
                    break;
                case FRONTEND_IP:
                    address(traffic.destination(), out);
                    break;
                case FRONTEND_PORT:
                    out.append(traffic.destination().getPort());
                    break;
                case HOST:
                    out.append(HOST_NAME);
                    break;
                case PID:
                default:
                    out.append(CompiledFormat.PID);
                    break;
            }
        }

        private static void address(InetSocketAddress address, StringBuilder out) {
            if (address != null && address.getAddress() != null) {
                out.append(address.getAddress().getHostAddress());
            }
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
