package dev.bascule.transport.netty.cli;

import dev.bascule.api.config.ProcessConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StatsPage;
import dev.bascule.core.Versions;
import dev.bascule.core.check.ServerAdmin;
import dev.bascule.core.check.ServerCommands;
import dev.bascule.core.check.SetServerCommands;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.RuntimeCommands;
import dev.bascule.core.stats.StatsReport;
import dev.bascule.core.stick.StickTableCommands;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The runtime API served on {@code stats socket}: HAProxy's line protocol (commands separated
 * by {@code ;}, one line per request, answer then close unless {@code prompt} made the session
 * interactive). It serves help, prompt, quit, show info, show version, the map, ACL and
 * process-variable commands of {@link RuntimeCommands}, the stick-table commands and the server
 * commands ({@code show servers state}, {@code disable|enable server}, {@code set server}); an unknown command gets HAProxy's answer
 * listing the known ones.
 */
public final class RuntimeApiHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final int MAX_LINE = 16_384;
    /** Every served command's usage line, sorted as HAProxy sorts them; help, prompt and quit come last. */
    private static final List<String> USAGE;

    static {
        List<String> usage = new ArrayList<>(RuntimeCommands.USAGE);
        usage.addAll(StickTableCommands.USAGE);
        usage.addAll(ServerCommands.USAGE);
        usage.add(SetServerCommands.USAGE);
        usage.add("show info                               : report information about the running process");
        usage.add("show stat                               : report counters for each proxy and server");
        usage.add("show version                            : show version of the current process");
        Collections.sort(usage);
        usage.add("help [<command>]                        : list matching or all commands");
        usage.add("prompt                                  : toggle interactive mode with prompt");
        usage.add("quit                                    : disconnect");
        USAGE = List.copyOf(usage);
    }

    private final ProxyRuntime runtime;
    private final RuntimeCommands commands;
    private final StickTableCommands tableCommands;
    private final ServerCommands serverCommands;
    private final SetServerCommands setServerCommands;
    private final String level;
    private final long startMillis;
    private boolean interactive;

    private RuntimeApiHandler(ProxyRuntime runtime, String level, long startMillis) {
        this.runtime = runtime;
        this.commands = new RuntimeCommands(runtime.patterns(), runtime.variables());
        this.tableCommands = new StickTableCommands(runtime.stickTables());
        this.serverCommands = new ServerCommands(runtime);
        this.setServerCommands = new SetServerCommands(runtime);
        this.level = level;
        this.startMillis = startMillis;
    }

    /**
     * Serves the runtime API at {@code level} ({@code user}, {@code operator} or {@code admin}),
     * closing a connection idle for {@code idleTimeoutMillis} ({@code stats timeout}).
     */
    public static void configure(ChannelPipeline pipeline, ProxyRuntime runtime, String level, long startMillis,
                                 long idleTimeoutMillis) {
        pipeline.addLast(new CliIdleTimeout(idleTimeoutMillis), new LineBasedFrameDecoder(MAX_LINE),
                new RuntimeApiHandler(runtime, level, startMillis));
    }

    /** A command line ending with {@code <<}, whose payload lines are being gathered; null otherwise. */
    private String payloadCommand;
    private final StringBuilder payload = new StringBuilder();

    /** A server change of this connection's is being made: the lines that come meanwhile wait. */
    private boolean waiting;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
        if (waiting) {
            held.add(line.retain());
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        String commandPayload = null;
        if (payloadCommand != null) {
            // HAProxy's payload mode: lines up to an empty one, joined by newlines
            if (!text.isEmpty()) {
                payload.append(text).append('\n');
                return;
            }
            text = payloadCommand;
            // no line at all leaves HAProxy a payload of one newline ("Missing value for key '\n'.")
            commandPayload = payload.length() == 0 ? "\n" : payload.substring(0, payload.length() - 1);
            payloadCommand = null;
            payload.setLength(0);
        } else if (text.endsWith("<<")) {
            payloadCommand = text;
            return;
        }
        List<List<String>> lines = commandPayload == null ? commands(text) : List.of(payloadWords(text));
        if (commandPayload != null && !lines.get(0).contains("<<")) {
            // "<<" not a word of its own: HAProxy reads the payload's words as more arguments
            List<String> words = new ArrayList<>(lines.get(0));
            words.addAll(payloadWords(commandPayload.replace('\n', ' ')));
            lines = List.of(words);
            commandPayload = null;
        }
        // what an earlier change asked for (the stats page's form answers before the health-check thread
        // makes it) is made before this line reads anything, as HAProxy's changes are made at once
        CompletableFuture<Void> settled = ServerAdmin.settled(runtime).toCompletableFuture();
        if (settled.isDone()) {
            run(ctx, lines, 0, commandPayload, new StringBuilder());
            return;
        }
        List<List<String>> held = lines;
        String payload = commandPayload;
        waiting = true;
        settled.whenComplete((done, failure) -> ctx.executor().execute(() -> {
            if (ctx.channel().isActive()) {
                run(ctx, held, 0, payload, new StringBuilder());
            }
        }));
    }

    /**
     * Runs the commands of one line from {@code from} on, then writes their answers. A command that
     * changes a server (made on the health-check thread) holds the rest until the change is made,
     * so that what follows, in this line or the next, sees it as HAProxy's would.
     */
    private void run(ChannelHandlerContext ctx, List<List<String>> lines, int from, String commandPayload,
                     StringBuilder out) {
        boolean quit = false;
        for (int i = from; i < lines.size(); i++) {
            List<String> words = lines.get(i);
            if (commandPayload != null) {
                words = words.subList(0, words.indexOf("<<"));
            }
            String normalized = String.join(" ", words);
            if (normalized.isEmpty()) {
                continue;
            }
            if (commands.execute(words, commandPayload, level, out) || tableCommands.execute(words, level, out)) {
                out.append('\n');
                continue;
            }
            if (serverCommands.execute(words, level, out) || setServerCommands.execute(words, level, out)) {
                out.append('\n');
                if (words.get(0).equals("show")) {
                    continue;
                }
                CompletableFuture<Void> settled = ServerAdmin.settled(runtime).toCompletableFuture();
                if (settled.isDone()) {
                    continue;
                }
                int next = i + 1;
                waiting = true;
                settled.whenComplete((done, failure) -> ctx.executor().execute(() -> {
                    if (ctx.channel().isActive()) {
                        run(ctx, lines, next, commandPayload, out);
                    }
                }));
                return;
            }
            switch (normalized) {
                case "help":
                    usage(out, "The following commands are valid at this level:\n");
                    break;
                case "prompt":
                    interactive = !interactive;
                    break;
                case "quit":
                    quit = true;
                    break;
                case "show info":
                    showInfo(out);
                    break;
                case "show stat":
                    showStat(out);
                    break;
                case "show version":
                    out.append(Versions.bascule()).append('\n');
                    break;
                default:
                    usage(out, "Unknown command. Please enter one of the following commands only:\n");
                    break;
            }
            out.append('\n');
            if (quit) {
                break;
            }
        }
        if (interactive && !quit) {
            out.append("> ");
        }
        ByteBuf reply = ByteBufUtil.writeUtf8(ctx.alloc(), out);
        if (interactive && !quit) {
            ctx.writeAndFlush(reply);
        } else {
            ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
        }
        waiting = false;
        // lines that came while a change was being made, in order
        while (!waiting && !held.isEmpty() && ctx.channel().isActive()) {
            ByteBuf line = held.poll();
            try {
                channelRead0(ctx, line);
            } finally {
                line.release();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        while (!held.isEmpty()) {
            held.poll().release();
        }
        super.channelInactive(ctx);
    }

    private static void usage(StringBuilder out, String header) {
        out.append(header);
        for (String usage : USAGE) {
            out.append("  ").append(usage).append('\n');
        }
    }

    /** The words of a command line that ends a payload's first line: one command, its ';' kept in words. */
    private static List<String> payloadWords(String line) {
        List<String> words = new ArrayList<>();
        for (List<String> part : commands(line.replace(";", "\\;"))) {
            words.addAll(part);
        }
        return words;
    }

    /**
     * A request line cut as HAProxy's {@code cli_parse_request()} cuts it: commands separated by
     * {@code ;}, words by blanks, a backslash making the next character plain.
     */
    static List<List<String>> commands(String line) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == ';') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                commands.add(words);
                words = new ArrayList<>();
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        commands.add(words);
        return commands;
    }

    /**
     * {@code show stat}: the statistics page's CSV for every proxy, with addresses and cookies from
     * the operator level on (HAProxy's {@code STAT_SHLGNDS}).
     */
    private void showStat(StringBuilder out) {
        // any proxy holds the report of all: without frontend, a backend's
        StatsReport report = !runtime.frontends().isEmpty() ? runtime.frontends().get(0).statsReport()
                : runtime.backends().isEmpty() ? null : runtime.backends().get(0).statsReport();
        if (report == null) {
            out.append(StatsReport.CSV_HEADER);
            return;
        }
        StatsPage all = new StatsPage(StatsPage.DEFAULT_URI, Optional.empty(), false, !level.equals("user"),
                Optional.empty(), Optional.empty(), List.of(), new SourceLocation("stats socket", 1));
        out.append(report.csv(all, "", new StatsReport.Options(true, false,
                false, ""), System.currentTimeMillis()));
    }

    private void showInfo(StringBuilder out) {
        long uptime = (System.currentTimeMillis() - startMillis) / 1000;
        out.append("Name: Bascule\n")
                .append("Version: ").append(Versions.bascule()).append('\n')
                .append("Pid: ").append(ProcessHandle.current().pid()).append('\n')
                .append("Uptime_sec: ").append(uptime).append('\n')
                .append("Nbthread: ").append(runtime.global().threads().orElse(Runtime.getRuntime().availableProcessors()))
                .append('\n')
                .append("Frontends: ").append(runtime.frontends().size()).append('\n')
                .append("Backends: ").append(runtime.backends().size()).append('\n');
        // HAProxy's last fields: the node (the host name by default), the description when there is one
        ProcessConfig process = runtime.global().process();
        out.append("node: ").append(process.node().orElse(StatsReport.hostName())).append('\n');
        process.description().ifPresent(description -> out.append("description: ").append(description).append('\n'));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
