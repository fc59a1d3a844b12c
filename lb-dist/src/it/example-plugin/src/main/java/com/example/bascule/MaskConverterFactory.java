package com.example.bascule;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;

import java.util.List;

/**
 * The converter {@code example.mask(<keep>[,<char>])}: keeps the last {@code <keep>}
 * characters of a string and replaces every other one with {@code <char>} ({@code *} by
 * default), so that a secret can be logged or echoed recognisably but not usably:
 * {@code %[req.hdr(x-api-key),example.mask(4)]} turns {@code secret-token-1234} into
 * {@code *************1234}. A string no longer than {@code <keep>} is kept whole. Samples hold
 * one character per byte, so a multi-byte UTF-8 character counts as several.
 *
 * <p>The factory runs on the control plane: it parses the arguments once, so that a mistake is
 * an {@code [ALERT]} at load naming the line. The converter runs on event loops, shared by all of
 * them: its only state is the immutable settings, and it writes its result into the sample's own
 * scratch buffer, never into a buffer of its own (two threads would share it).
 */
public final class MaskConverterFactory implements SampleConverterFactory {
    /** The largest {@code <keep>} accepted: a bound that catches a typo rather than a limit of the code. */
    private static final int MAX_KEEP = 1024;

    @Override
    public String keyword() {
        return "example.mask";
    }

    /** The host casts the sample to a string before calling the converter (an integer becomes its digits). */
    @Override
    public SampleType inputType() {
        return SampleType.STRING;
    }

    @Override
    public SampleType outputType() {
        return SampleType.STRING;
    }

    @Override
    public SampleConverter create(List<String> arguments) throws InvalidArgumentException {
        // the loader shows these messages after "invalid args in converter 'example.mask' : "
        if (arguments.isEmpty() || arguments.size() > 2) {
            throw new InvalidArgumentException("expects 1 or 2 arguments, <keep>[,<char>] (got " + arguments.size()
                    + ")");
        }
        int keep;
        try {
            keep = Integer.parseInt(arguments.get(0));
        } catch (NumberFormatException e) {
            keep = -1;
        }
        if (keep < 0 || keep > MAX_KEEP) {
            throw new InvalidArgumentException("<keep> must be a number of characters from 0 to " + MAX_KEEP
                    + " (got '" + arguments.get(0) + "')");
        }
        char mask = '*';
        if (arguments.size() == 2) {
            if (arguments.get(1).length() != 1) {
                throw new InvalidArgumentException("<char> must be one character (got '" + arguments.get(1) + "')");
            }
            mask = arguments.get(1).charAt(0);
        }
        return new Mask(keep, mask);
    }

    /** One {@code example.mask(...)} as written in the configuration. Immutable: safe on every event loop. */
    private static final class Mask implements SampleConverter {
        private final int keep;
        private final char mask;

        Mask(int keep, char mask) {
            this.keep = keep;
            this.mask = mask;
        }

        /** Event loop: no allocation past the growth of the sample's reused scratch buffer. */
        @Override
        public boolean convert(TrafficView traffic, Sample sample) {
            CharSequence text = sample.text();
            int start = sample.start();
            int end = sample.end();
            int masked = Math.max(0, end - start - keep);
            // scratch() is never the buffer the current value lives in: reading while writing is safe
            StringBuilder out = sample.scratch();
            for (int i = 0; i < masked; i++) {
                out.append(mask);
            }
            out.append(text, start + masked, end);
            sample.setString(out);
            return true;
        }
    }
}
