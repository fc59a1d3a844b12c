package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;
import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Splits one configuration line into words exactly as HAProxy 2.6's {@code parse_line()} does
 * when {@code readcfgfile()} calls it (all of {@code PARSE_OPT_ENV}, {@code DQUOTE},
 * {@code SQUOTE}, {@code BKSLASH}, {@code SHARP} and {@code WORD_EXPAND}):
 *
 * <ul>
 *   <li>leading blanks are skipped; words are separated by unquoted blanks;</li>
 *   <li>an unquoted {@code #} starts a comment; a carriage return ends the line;</li>
 *   <li>single quotes protect everything; double quotes protect blanks and {@code #} but still
 *       honour backslash escapes and expand {@code $NAME}, {@code ${NAME}},
 *       {@code ${NAME-default}}, {@code ${NAME[*]}} (one word per blank-separated part of the
 *       value) and the pseudo-variables {@code ${.FILE}}, {@code ${.LINE}}, {@code ${.SECTION}};
 *       an unset variable without default expands to nothing;</li>
 *   <li>outside single quotes a backslash escapes a blank, {@code #}, a backslash or a quote,
 *       and {@code \t}, {@code \n}, {@code \r} and {@code \xNN} produce those bytes; any other
 *       backslash is kept as is;</li>
 *   <li>quotes may be glued to other text: {@code fd@"${FD}"x} is one word;</li>
 *   <li>an empty last word is dropped, so a trailing {@code ""} disappears.</li>
 * </ul>
 *
 * Errors carry HAProxy's message, including the line excerpt and the caret it prints under it.
 */
public final class LineTokenizer {
    /** HAProxy's {@code MAX_LINE_ARGS}: the most words a line may have. */
    public static final int MAX_LINE_ARGS = 64;

    private static final int QUOTE = 1;
    private static final int BRACE = 2;
    private static final int VARNAME = 4;
    private static final int HEX = 8;
    private static final int WRONG_EXPAND = 16;
    private static final int TOO_MANY = 32;

    private LineTokenizer() {
    }

    /**
     * What variables expand to on the line being split.
     *
     * @param environment the variables {@code ${NAME}} reads
     * @param file        {@code ${.FILE}}
     * @param line        {@code ${.LINE}}
     * @param section     {@code ${.SECTION}}: the name (or keyword) of the current section, empty
     *                    before the first section of a file
     */
    public record Expansion(Map<String, String> environment, String file, int line, Optional<String> section) {
        public Expansion {
            requireNonNull(environment, "environment");
            requireNonNull(file, "file");
            requireNonNull(section, "section");
        }

        /** Only environment variables; pseudo-variables expand as on line 0 of an unnamed file. */
        public static Expansion of(Map<String, String> environment) {
            return new Expansion(environment, "", 0, Optional.empty());
        }
    }

    /** Splits {@code line} (without its line feed). */
    public static TokenizedLine tokenize(String line, Expansion expansion) {
        requireNonNull(line, "line");
        requireNonNull(expansion, "expansion");
        return new Run(line.getBytes(StandardCharsets.UTF_8), expansion).run();
    }

    /** One call of {@code parse_line()}: the C function's locals become fields. */
    private static final class Run {
        private final byte[] in;
        private final Expansion expansion;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int[] argStarts = new int[MAX_LINE_ARGS + 1];
        private final int argsMax = MAX_LINE_ARGS;
        private int arg;
        private int errors;
        private int errorIndex = -1;
        /** Where the shown line ends: HAProxy leaves a NUL in it on one error path. */
        private int displayEnd;

        Run(byte[] in, Expansion expansion) {
            this.in = in;
            this.expansion = expansion;
            this.displayEnd = in.length;
        }

        private int at(int index) {
            return index < in.length ? in[index] & 0xff : 0;
        }

        private void emit(int c) {
            out.write(c);
        }

        private void nextArg() {
            emit(0);
            arg++;
            if (arg < argsMax) {
                argStarts[arg] = out.size();
            } else {
                errors |= TOO_MANY;
            }
        }

        private TokenizedLine fail(int error, int index) {
            errors |= error;
            errorIndex = index;
            return finish();
        }

        TokenizedLine run() {
            int start = 0;
            while (start < in.length && CText.isSpace(at(start))) {
                start++;
            }
            int p = start;
            int quote = -1;
            boolean squote = false;
            boolean dquote = false;
            argStarts[0] = 0;
            while (true) {
                int c = at(p);
                if (c >= '-' && c != '\\') {
                    emit(c);
                    p++;
                } else if (c == 0 || c == '\n' || c == '\r') {
                    break;
                } else if (c == '#' && !squote && !dquote) {
                    break;
                } else if (c == '"' && !squote) {
                    dquote = !dquote;
                    quote = dquote ? p : -1;
                    p++;
                } else if (c == '\'' && !dquote) {
                    squote = !squote;
                    quote = squote ? p : -1;
                    p++;
                } else if (c == '\\' && !squote) {
                    int send = c;
                    int next = at(p + 1);
                    switch (next) {
                        case ' ', '\\' -> {
                            send = next;
                            p++;
                        }
                        case 't' -> {
                            send = '\t';
                            p++;
                        }
                        case 'n' -> {
                            send = '\n';
                            p++;
                        }
                        case 'r' -> {
                            send = '\r';
                            p++;
                        }
                        case '#', '\'', '"' -> {
                            p++;
                            send = next;
                        }
                        case '$' -> {
                            if (dquote) {
                                p++;
                                send = next;
                            }
                        }
                        case 'x' -> {
                            if (!CText.isHex(at(p + 2)) || !CText.isHex(at(p + 3))) {
                                return fail(HEX, p);
                            }
                            send = Character.digit(at(p + 2), 16) << 4 | Character.digit(at(p + 3), 16);
                            p += 3;
                        }
                        default -> {
                            // not an escape sequence: the backslash stays
                        }
                    }
                    p++;
                    emit(send);
                } else if (CText.isSpace(c) && !squote && !dquote) {
                    while (CText.isSpace(at(p))) {
                        p++;
                    }
                    nextArg();
                } else if (c == '$' && dquote) {
                    p++;
                    int brace = -1;
                    if (at(p) == '{') {
                        brace = p++;
                    }
                    if (!CText.isAlpha(at(p)) && at(p) != '_' && at(p) != '.') {
                        return fail(VARNAME, p);
                    }
                    int nameStart = p;
                    if (at(p) == '.') {
                        p++;
                    }
                    while (CText.isAlnum(at(p)) || at(p) == '_') {
                        p++;
                    }
                    String name = new String(in, nameStart, p - nameStart, StandardCharsets.US_ASCII);
                    byte[] value;
                    if (name.startsWith(".")) {
                        if (!name.equals(".LINE") && !name.equals(".FILE") && !name.equals(".SECTION")) {
                            displayEnd = p;
                            return fail(VARNAME, nameStart);
                        }
                        value = pseudoVariable(name);
                    } else {
                        String text = expansion.environment().get(name);
                        value = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
                    }
                    boolean wordExpand = false;
                    if (at(p) == '[' && brace >= 0) {
                        int bracket = p++;
                        if (at(p++) != '*' || at(p++) != ']') {
                            return fail(WRONG_EXPAND, bracket);
                        }
                        wordExpand = true;
                    }
                    if (brace >= 0) {
                        if (at(p) == '-') {
                            int defaultStart = p + 1;
                            while (at(p) != 0 && at(p) != '}') {
                                p++;
                            }
                            if (at(p) == 0) {
                                return fail(BRACE, brace);
                            }
                            if (value == null) {
                                value = Arrays.copyOfRange(in, defaultStart, p);
                            }
                        } else if (at(p) != '}') {
                            return fail(BRACE, brace);
                        }
                        p++;
                    }
                    if (value != null) {
                        int index = 0;
                        while (index < value.length) {
                            int v = value[index] & 0xff;
                            if (wordExpand && CText.isSpace(v)) {
                                nextArg();
                                index++;
                                while (index < value.length && CText.isSpace(value[index] & 0xff)) {
                                    index++;
                                }
                            } else {
                                emit(v);
                                index++;
                            }
                        }
                    }
                } else {
                    emit(c);
                    p++;
                }
            }
            emit(0);
            if (arg < argsMax && argStarts[arg] != out.size() - 1) {
                arg++;
            }
            if (quote >= 0) {
                errors |= QUOTE;
                errorIndex = quote;
            }
            return finish();
        }

        /** {@code .LINE}, {@code .FILE} or {@code .SECTION}; null when there is no section yet. */
        private byte[] pseudoVariable(String name) {
            if (name.equals(".LINE")) {
                return Integer.toString(expansion.line()).getBytes(StandardCharsets.US_ASCII);
            }
            if (name.equals(".FILE")) {
                return expansion.file().getBytes(StandardCharsets.UTF_8);
            }
            return expansion.section().map(section -> section.getBytes(StandardCharsets.UTF_8)).orElse(null);
        }

        private TokenizedLine finish() {
            byte[] output = out.toByteArray();
            if ((errors & QUOTE) != 0) {
                return located("unmatched quote");
            }
            if ((errors & BRACE) != 0) {
                return located("unmatched brace in environment variable name");
            }
            if ((errors & VARNAME) != 0) {
                return located("forbidden first char in environment variable name");
            }
            if ((errors & HEX) != 0) {
                return located("truncated or invalid hexadecimal sequence");
            }
            if ((errors & WRONG_EXPAND) != 0) {
                return located("truncated or invalid word expansion sequence");
            }
            if ((errors & TOO_MANY) != 0) {
                int lastStart = argStarts[MAX_LINE_ARGS - 1];
                return TokenizedLine.failure("too many words, truncating after word " + MAX_LINE_ARGS
                        + ", position " + (lastStart + 1) + ": <"
                        + new String(output, lastStart, wordEnd(output, lastStart) - lastStart,
                                StandardCharsets.UTF_8) + ">.");
            }
            List<byte[]> words = new ArrayList<>(arg);
            for (int index = 0; index < arg; index++) {
                int begin = argStarts[index];
                words.add(Arrays.copyOfRange(output, begin, wordEnd(output, begin)));
            }
            return TokenizedLine.of(words);
        }

        private static int wordEnd(byte[] output, int begin) {
            int end = begin;
            while (end < output.length && output[end] != 0) {
                end++;
            }
            return end;
        }

        /**
         * HAProxy's three-line report: the message with the 1-based byte position in the raw
         * line, the line (without its leading blanks) made printable, and a caret.
         */
        private TokenizedLine located(String what) {
            int start = 0;
            while (start < in.length && CText.isSpace(at(start))) {
                start++;
            }
            byte[] shown = Arrays.copyOfRange(in, start, Math.max(start, displayEnd));
            StringBuilder excerpt = new StringBuilder();
            int caret = sanitizeForPrinting(shown, errorIndex - start, 80, excerpt);
            return TokenizedLine.failure(what + " at position " + (errorIndex + 1) + ":\n  " + excerpt
                    + "\n  " + " ".repeat(caret) + "^");
        }
    }

    /**
     * HAProxy's {@code sanitize_for_printing()}: shows about {@code width} bytes around
     * {@code position}, with {@code ...} where the line is cut, blanks as spaces and other
     * unprintable bytes as {@code ?}.
     *
     * @return the position of the same byte in the excerpt
     */
    static int sanitizeForPrinting(byte[] line, int position, int width, StringBuilder excerpt) {
        int shift = 0;
        int in = 0;
        int end = width;
        int out = 0;
        if (position >= width) {
            shift = position - width / 2;
            in = shift + 3;
            end = width - 3;
            excerpt.append("...");
            out = 3;
        }
        while (out < end && in < line.length && line[in] != 0) {
            int c = line[in] & 0xff;
            if (CText.isSpace(c)) {
                excerpt.append(' ');
            } else if (CText.isPrint(c)) {
                excerpt.append((char) c);
            } else {
                excerpt.append('?');
            }
            in++;
            out++;
        }
        if (end < width) {
            excerpt.append("...");
        }
        return position - shift;
    }
}
