package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.RegexReplacement;
import dev.bascule.api.sample.SampleConverter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** HAProxy's {@code regsub}, {@code url_enc} and {@code ipmask} converters ({@code sample.c}, {@code http_conv.c}). */
final class PatternConverters {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PatternConverters() {
    }

    /**
     * {@code regsub(regex,subst[,flags])}: the first match (every one with {@code g}) replaced by
     * {@code subst}, in which {@code \1}..{@code \9} stand for the groups; {@code i} ignores case.
     */
    static SampleConverter regsub(String keyword, List<String> arguments, ConverterContext context)
            throws InvalidArgumentException {
        if (arguments.size() < 2 || arguments.size() > 3) {
            throw new InvalidArgumentException("expects 2 or 3 arguments");
        }
        String flags = arguments.size() == 3 ? arguments.get(2) : "";
        boolean global = false;
        int options = 0;
        for (char flag : flags.toCharArray()) {
            switch (flag) {
                case 'g' -> global = true;
                case 'i' -> options |= Pattern.CASE_INSENSITIVE;
                default -> throw new InvalidArgumentException("invalid regex flag '" + flag + "', only 'i' and 'g'"
                        + " are supported");
            }
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(arguments.get(0), options);
        } catch (PatternSyntaxException e) {
            throw new InvalidArgumentException("invalid regex '" + arguments.get(0) + "' : " + e.getDescription());
        }
        RegexReplacement substitution = context.regexReplacement(arguments.get(1));
        boolean all = global;
        return (traffic, sample) -> {
            Matcher matcher = pattern.matcher(sample.text()).region(sample.start(), sample.end());
            StringBuilder out = sample.scratch();
            int last = sample.start();
            while (matcher.find()) {
                out.append(sample.text(), last, matcher.start());
                substitution.appendTo(out, sample.text(), matcher);
                last = matcher.end();
                if (!all) {
                    break;
                }
                if (matcher.end() == matcher.start()) {
                    // an empty match: step over one character so that the search goes on
                    if (last >= sample.end()) {
                        break;
                    }
                    out.append(sample.text().charAt(last));
                    last++;
                    matcher.region(last, sample.end());
                }
            }
            out.append(sample.text(), last, sample.end());
            sample.setString(out);
            return true;
        };
    }

    /** {@code url_enc([query])}: every character but RFC 3986's unreserved ones as %XX. */
    static SampleConverter urlEncode(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() > 1 || arguments.size() == 1 && !arguments.get(0).equals("query")) {
            throw new InvalidArgumentException("Unexpected encode type. Allowed value is 'query'");
        }
        return (traffic, sample) -> {
            StringBuilder out = sample.scratch();
            for (int i = sample.start(); i < sample.end(); i++) {
                char c = sample.text().charAt(i);
                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                        || c == '_' || c == '~') {
                    out.append(c);
                } else {
                    int b = c & 0xff;
                    out.append('%').append(HEX[b >> 4]).append(HEX[b & 15]);
                }
            }
            sample.setString(out);
            return true;
        };
    }

    /** {@code ipmask(mask4[,mask6])}: the address with the mask applied (a prefix length or a dotted mask). */
    static SampleConverter ipmask(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.isEmpty() || arguments.size() > 2) {
            throw new InvalidArgumentException("expects 1 or 2 arguments");
        }
        byte[] mask4 = mask(arguments.get(0), 4);
        byte[] mask6 = arguments.size() == 2 ? mask(arguments.get(1), 16) : null;
        return (traffic, sample) -> {
            byte[] address = sample.address().getAddress();
            byte[] mask = address.length == 4 ? mask4 : mask6;
            if (mask == null) {
                return false;
            }
            byte[] masked = new byte[address.length];
            for (int i = 0; i < masked.length; i++) {
                masked[i] = (byte) (address[i] & mask[i]);
            }
            try {
                sample.setAddress(InetAddress.getByAddress(masked));
            } catch (UnknownHostException e) {
                return false;
            }
            return true;
        };
    }

    private static byte[] mask(String text, int length) throws InvalidArgumentException {
        String value = text.strip();
        byte[] mask = new byte[length];
        if (value.indexOf('.') >= 0 || value.indexOf(':') >= 0) {
            try {
                byte[] parsed = InetAddress.getByName(value).getAddress();
                if (parsed.length != length) {
                    throw new InvalidArgumentException("invalid mask '" + text + "'");
                }
                return parsed;
            } catch (UnknownHostException e) {
                throw new InvalidArgumentException("invalid mask '" + text + "'");
            }
        }
        int bits;
        try {
            bits = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid mask '" + text + "'");
        }
        if (bits < 0 || bits > length * 8) {
            throw new InvalidArgumentException("invalid mask '" + text + "'");
        }
        for (int i = 0; i < length; i++) {
            int take = Math.max(0, Math.min(8, bits - 8 * i));
            mask[i] = (byte) (take == 0 ? 0 : 0xff << (8 - take));
        }
        return mask;
    }
}
