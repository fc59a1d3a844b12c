package dev.bascule.healthcheck;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFormat;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.api.sample.Variables;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one probe's expressions and formats see, as HAProxy's check session: the check's variables
 * ({@code check.} scope and the others, emptied for each probe as HAProxy prunes {@code check->vars}),
 * the backend's and the server's names, and the last response received ({@code res.fhdr},
 * {@code res.hdr}, {@code status}).
 */
final class CheckSession implements TrafficView, Variables {
    private final CheckTarget target;
    private final Map<String, Value> values = new HashMap<>();
    private final Sample sample = new Sample();
    private byte[] response = new byte[0];
    private boolean bodyless;
    private @Nullable HttpResponses parsed;
    private boolean parsedDone;

    CheckSession(CheckTarget target) {
        this.target = target;
    }

    CheckTarget target() {
        return target;
    }

    /** The response the next expressions read. */
    void response(byte[] data, boolean bodyless) {
        this.response = data;
        this.bodyless = bodyless;
        this.parsed = null;
        this.parsedDone = false;
    }

    private @Nullable HttpResponses parsed() {
        if (!parsedDone) {
            parsedDone = true;
            parsed = HttpResponses.parse(response, true, bodyless).response();
        }
        return parsed;
    }

    String render(SampleFormat format) {
        return format.render(this, sample.reset());
    }

    /** {@code set-var(name) <expr>}: the expression's first value, nothing when it has none. */
    void setVariable(String name, SampleFetch expression) {
        Sample out = sample.reset();
        if (expression.fetch(this, out)) {
            set(name, out);
        }
    }

    /** The expression's first value as an integer ({@code status-code}), null when it has none or is no number. */
    @Nullable Integer integer(SampleFetch expression) {
        Sample out = sample.reset();
        if (!expression.fetch(this, out) || !out.castTo(SampleType.STRING) || !out.castTo(SampleType.INTEGER)) {
            return null;
        }
        return (int) out.integer();
    }

    void setVariable(String name, String text) {
        set(name, new Sample().setString(text));
    }

    // TrafficView

    @Override
    public InetSocketAddress source() {
        return target.address();
    }

    @Override
    public InetSocketAddress destination() {
        return target.address();
    }

    @Override
    public Variables variables() {
        return this;
    }

    @Override
    public CharSequence backendName() {
        return target.backendName();
    }

    @Override
    public CharSequence targetServerName() {
        return target.serverName();
    }

    @Override
    public int status() {
        HttpResponses response = parsed();
        return response == null ? 0 : response.code();
    }

    @Override
    public @Nullable TrafficView responseHeaders() {
        HttpResponses response = parsed();
        if (response == null) {
            return null;
        }
        List<String[]> headers = response.headers();
        return new TrafficView() {
            @Override
            public InetSocketAddress source() {
                return CheckSession.this.source();
            }

            @Override
            public InetSocketAddress destination() {
                return CheckSession.this.destination();
            }

            @Override
            public int requestHeaderCount() {
                return headers.size();
            }

            @Override
            public CharSequence requestHeaderName(int index) {
                return headers.get(index)[0];
            }

            @Override
            public CharSequence requestHeaderValue(int index) {
                return headers.get(index)[1];
            }

            @Override
            public Variables variables() {
                return CheckSession.this;
            }
        };
    }

    // Variables

    /** A stored value: a copy, so that it outlives the buffers the sample pointed into. */
    private record Value(SampleType type, long integer, @Nullable String text, @Nullable InetAddress address) {
        static Value of(Sample sample) {
            return switch (sample.type()) {
                case BOOLEAN, INTEGER -> new Value(sample.type(), sample.integer(), null, null);
                case ADDRESS -> new Value(SampleType.ADDRESS, 0, null, sample.address());
                default -> new Value(sample.type(), 0,
                        sample.text().subSequence(sample.start(), sample.end()).toString(), null);
            };
        }

        void into(Sample out) {
            switch (type) {
                case BOOLEAN -> out.setBoolean(integer != 0);
                case INTEGER -> out.setInteger(integer);
                case ADDRESS -> out.setAddress(address);
                case METHOD -> out.setMethod(text);
                default -> {
                    out.setString(text);
                    if (type == SampleType.BINARY) {
                        out.castTo(SampleType.BINARY);
                    }
                }
            }
        }
    }

    @Override
    public boolean get(String name, Sample out) {
        Value value = values.get(name);
        if (value == null) {
            return false;
        }
        value.into(out);
        return true;
    }

    @Override
    public void set(String name, Sample value) {
        values.put(name, Value.of(value));
    }

    @Override
    public void unset(String name) {
        values.remove(name);
    }
}
