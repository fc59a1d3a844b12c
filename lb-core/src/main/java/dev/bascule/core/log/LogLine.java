package dev.bascule.core.log;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.format.Dialect;
import dev.bascule.core.format.Format;
import dev.bascule.core.format.Part;

/**
 * What a {@code log-format} line is written from: a finished stream's record, its frontend and
 * the thread's formatter (dates cached per second). One per {@link LogFormatter}, pointed at each
 * line's stream in turn, so that a line allocates nothing.
 */
final class LogLine {
    /** Log lines: HAProxy's {@code LOG_OPT_MANDATORY} and {@code LOG_OPT_MERGE_SPACES}, samples written as log text. */
    static final Dialect<LogLine> DIALECT = new Dialect<>() {
        @Override
        public Part<LogLine> variable(String name) throws InvalidArgumentException {
            return LogVariable.of(name);
        }

        @Override
        public @Nullable TrafficView traffic(LogLine message) {
            return message.log.traffic();
        }

        @Override
        public int initialFlags() {
            return LogFormat.MANDATORY;
        }

        @Override
        public boolean mergeSpaces() {
            return true;
        }

        @Override
        public boolean http() {
            return false;
        }
    };

    final LogFormatter formatter;
    /** The line's {@code %[...]} holder. */
    final Sample sample = new Sample();
    StreamLog log;
    FrontendLog frontend;

    LogLine(LogFormatter formatter) {
        this.formatter = formatter;
    }

    /** Writes {@code format} for {@code log} of {@code frontend}. */
    void render(Format<LogLine> format, StreamLog log, FrontendLog frontend, StringBuilder out) {
        this.log = log;
        this.frontend = frontend;
        try {
            format.render(this, sample, out);
        } finally {
            this.log = null;
            this.frontend = null;
        }
    }
}
