package dev.bascule.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.GlobalLogConfig;
import dev.bascule.api.config.HeaderCapture;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * A {@code log-format} line written for one finished stream, every variable of HAProxy's table
 * Bascule writes, with and without options: the bytes pinned here are those the engine wrote
 * when LoggingIT last matched HAProxy 2.6's lines, so that a change of the engine shows.
 */
final class CustomLogFormatTest {
    private static final long BASE = 5_000_000_000L;
    /** 2026-11-22 08:39:28.275 UTC. */
    private static final long EPOCH = 1_795_336_768_275L;

    /** The fetches {@code %[name]} stands for: a fixed text, or nothing. */
    private static final Map<String, SampleFetch> FETCHES = Map.of(
            "text", (traffic, out) -> {
                out.setString("a \"b\" ]c\\");
                return true;
            },
            "number", (traffic, out) -> {
                out.setInteger(42);
                return true;
            },
            "none", (traffic, out) -> false,
            "empty", (traffic, out) -> {
                out.setString("");
                return true;
            });

    private static long at(long millis) {
        return BASE + millis * 1_000_000L;
    }

    /** A small reading of HAProxy's syntax: {@code %name}, {@code %{+Q,-M}name}, {@code %[fetch]}, {@code %%}. */
    private static LogFormat format(String text) {
        List<LogFormat.Node> nodes = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (text.charAt(i + 1) == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            if (literal.length() > 0) {
                nodes.add(new LogFormat.Literal(literal.toString()));
                literal.setLength(0);
            }
            int at = i + 1;
            List<String> options = List.of();
            if (text.charAt(at) == '{') {
                int close = text.indexOf('}', at);
                options = Arrays.asList(text.substring(at + 1, close).split(","));
                at = close + 1;
            }
            if (text.charAt(at) == '[') {
                int close = text.indexOf(']', at);
                nodes.add(new LogFormat.Expression(text.substring(at + 1, close), List.of(), List.of(), options));
                i = close + 1;
            } else {
                int end = at;
                while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                    end++;
                }
                nodes.add(new LogFormat.Variable(text.substring(at, end), options));
                i = end;
            }
        }
        if (literal.length() > 0) {
            nodes.add(new LogFormat.Literal(literal.toString()));
        }
        return new LogFormat(text, nodes);
    }

    private static FrontendLog frontend(String text, boolean captures, boolean logAsap) {
        LogRuntime runtime = new LogRuntime(GlobalLogConfig.none(), 30344, () -> EPOCH, ZoneOffset.UTC);
        List<HeaderCapture> request = captures ? List.of(new HeaderCapture("host", 32), new HeaderCapture("x-a", 8))
                : List.of();
        List<HeaderCapture> response = captures ? List.of(new HeaderCapture("server", 16)) : List.of();
        return runtime.frontend("fe", true, new LogSettings(List.of(), LogSettings.LineFormat.CUSTOM, false, false,
                Optional.of(format(text)), request, response, logAsap), expression -> FETCHES.get(expression.fetch()));
    }

    private static StreamLog stream(FrontendLog frontend, boolean tls) throws UnknownHostException {
        StreamLog log = frontend.newStreamLog();
        log.accept(new InetSocketAddress(InetAddress.getByName("192.168.1.20"), 33944),
                new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 8443), BASE, EPOCH);
        frontend.opened(log);
        log.tls(tls);
        if (tls) {
            log.tlsSession("TLS_AES_128_GCM_SHA256", "TLSv1.3");
        }
        log.started(at(2), EPOCH + 2);
        log.newStream();
        log.requestHead(at(3), "GET", "http://t.example/a/b?c=\"d\"#e]", "HTTP/1.1");
        log.bytesIn(321);
        log.uniqueId("ID-1");
        log.backend("be");
        log.connecting("s1", at(4));
        log.retry(true);
        log.connected("s2", at(9));
        log.serverAddresses(new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 40001),
                new InetSocketAddress(InetAddress.getByName("10.0.0.3"), 80));
        log.responseHead(at(20), 503);
        log.bytesOut(4567);
        log.terminate('S', 'H');
        log.cookies('N', 'I');
        log.connections(3, 2);
        log.requestCaptures(new String[] {"t.example", null});
        log.responseCaptures(new String[] {"nginx|\"x\"\\]"});
        log.end(at(1042));
        log.traffic(new TrafficView() {
            @Override
            public InetSocketAddress source() {
                return null;
            }

            @Override
            public InetSocketAddress destination() {
                return null;
            }
        });
        return log;
    }

    private static String line(String text, boolean captures, boolean logAsap, boolean tls)
            throws UnknownHostException {
        FrontendLog frontend = frontend(text, captures, logAsap);
        StreamLog log = stream(frontend, tls);
        StringBuilder line = new StringBuilder();
        frontend.format(new LogFormatter(ZoneOffset.UTC), log, line);
        return line.toString();
    }

    @Test
    void everyVariable() throws UnknownHostException {
        assertThat(line("%ci %cp %fi %fp %bi %bp %si %sp %f %ft %b %s %B %U %ST", true, false, true)).isEqualTo(
                "192.168.1.20 33944 10.0.0.1 8443 10.0.0.2 40001 10.0.0.3 80 fe fe~ be s2 4567 321 503");
        assertThat(line("%TR %Tw %Tc %Tr %Ta %Tu %Tt %Tq %Th %Ti %Td", true, false, false)).isEqualTo(
                "1 1 5 11 1040 1040 1042 1 0 2 1022");
        assertThat(line("%TR %Tw %Tc %Tr %Ta %Tu %Tt %Tq %Th %Ti %Td %B", true, true, false)).isEqualTo(
                "1 1 5 11 +1040 +1040 +1042 1 0 2 1022 +4567");
        assertThat(line("%t|%tr|%T|%trg|%Tl|%trl|%Ts|%ms", true, false, false)).isEqualTo(
                "22/Nov/2026:08:39:28.275|22/Nov/2026:08:39:28.277|22/Nov/2026:08:39:28 +0000"
                        + "|22/Nov/2026:08:39:28 +0000|22/Nov/2026:08:39:28 +0000|22/Nov/2026:08:39:28 +0000"
                        + "|1795336768|275");
        assertThat(line("%ts %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %lc %CC %CS", true, false, false)).isEqualTo(
                "SH SHNI 1/1/3/2/+1 0/0 0 - -");
        assertThat(line("%r|%HM|%HU|%HP|%HPO|%HQ|%HV", true, false, false)).isEqualTo(
                "GET http://t.example/a/b?c=#22d#22#23e] HTTP/1.1|GET|http://t.example/a/b?c=#22d#22#23e]"
                        + "|http://t.example/a/b|/a/b|?c=#22d#22#23e]|HTTP/1.1");
        assertThat(line("%sslc %sslv %ID", true, false, true)).isEqualTo("TLS_AES_128_GCM_SHA256 TLSv1.3 ID-1");
        assertThat(line("%sslc %sslv %ID", true, false, false)).isEqualTo("- - ID-1");
        assertThat(line("%hr %hs|%hrl %hsl", true, false, false)).isEqualTo(
                "{t.example|} {nginx#7C#22x#22\\]}|t.example - nginx#7C#22x#22\\]");
        assertThat(line("%H %pid", true, false, false)).matches("\\S+ 30344|\\S+ " + ProcessHandle.current().pid());
        assertThat(line("%rt", true, false, false)).isEqualTo("0");
    }

    @Test
    void options() throws UnknownHostException {
        assertThat(line("%{+Q}ci %{+Q}cp %{+X}ci:%{+X}cp %{+X}fi:%{+X}fp %{+X}bi:%{+X}bp %{+X}si %{+X}sp"
                + " %{+X}Ts.%{+X}ms %{+X}rt %{+X}lc %{+X}pid", true, false, false)).matches(
                "\"192\\.168\\.1\\.20\" 33944 C0A80114:8498 0A000001:20FB 0A000002:9C41 0A000003 0050"
                        + " 6B02AA40\\.113 0000 0000 [0-9A-F]{4,}");
        assertThat(line("%{+Q}f %{+Q}ft %{+Q}b %{+Q}s %{+Q}ST %{+Q}B %{+Q}sslc %{+Q}ID %{+Q}CC %{+Q}H", true, false,
                true)).matches("\"fe\" \"fe~\" \"be\" \"s2\" 503 4567 \"TLS_AES_128_GCM_SHA256\" \"ID-1\" \"\" \"\\S+\"");
        assertThat(line("%{+Q}r %{+Q,+E}r %{+E}HU %{+Q}HM %{+Q,+E}HQ", true, false, false)).isEqualTo(
                "\"GET http://t.example/a/b?c=#22d#22#23e] HTTP/1.1\" \"GET http://t.example/a/b?c=#22d#22#23e\\]"
                        + " HTTP/1.1\" http://t.example/a/b?c=#22d#22#23e\\] \"GET\" \"?c=#22d#22#23e\\]\"");
        assertThat(line("%{+Q}hr %{+Q,+E}hs %{+Q}hrl %{+Q}hsl", true, false, false)).isEqualTo(
                "\"{t.example|}\" \"{nginx#7C#22x#22\\\\\\]}\" \"t.example\" \"\" \"nginx#7C#22x#22\\]\"");
        assertThat(line("%{-M}sslc|%{-M}ID|%{-M}CC", true, false, false)).isEqualTo("|ID-1|");
    }

    @Test
    void samples() throws UnknownHostException {
        assertThat(line("%[text] %{+Q}[text] %{+E}[text] %{+Q,+E}[text]", false, false, false)).isEqualTo(
                "a \"b\" ]c\\ \"a \"b\" ]c\\\" a \\\"b\\\" \\]c\\\\ \"a \\\"b\\\" \\]c\\\\\"");
        assertThat(line("%[number] %{+Q}[number] %{+X}[number]", false, false, false)).isEqualTo("42 \"42\" 42");
        assertThat(line("<%[none]> <%{+Q}[none]> <%{-M}[none]> <%[empty]> <%{+Q}[empty]>", false, false, false))
                .isEqualTo("<-> <\"\"> <> <-> <\"\">");
    }

    @Test
    void spacesAreSeparators() throws UnknownHostException {
        assertThat(line("  a   b %hr %hs c ", false, false, false)).isEqualTo("a b c ");
        assertThat(line("%hr %hs", false, false, false)).isEmpty();
        assertThat(line("x %hr", false, false, false)).isEqualTo("x ");
        assertThat(line("%hrl%hsl|100%%", true, false, false)).isEqualTo("t.example -nginx#7C#22x#22\\]|100%");
    }
}
