package dev.bascule.transport.netty.cli;

import dev.bascule.core.Versions;
import dev.bascule.core.runtime.ProxyRuntime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime API served on {@code stats socket}: HAProxy's line protocol (commands separated
 * by {@code ;}, one line per request, answer then close unless {@code prompt} made the session
 * interactive). The command set is small for now; an unknown command gets HAProxy's answer
 * listing the known ones.
 */
public final class RuntimeApiHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final int MAX_LINE = 16_384;
    private static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("help", "help [<command>]                        : list matching or all commands");
        COMMANDS.put("prompt", "prompt                                  : toggle interactive mode with prompt");
        COMMANDS.put("quit", "quit                                    : disconnect");
        COMMANDS.put("show info", "show info                               : report information about the running process");
        COMMANDS.put("show version", "show version                            : show version of the current process");
    }

    private final ProxyRuntime runtime;
    private final long startMillis;
    private boolean interactive;

    private RuntimeApiHandler(ProxyRuntime runtime, long startMillis) {
        this.runtime = runtime;
        this.startMillis = startMillis;
    }

    public static void configure(ChannelPipeline pipeline, ProxyRuntime runtime, long startMillis) {
        pipeline.addLast(new LineBasedFrameDecoder(MAX_LINE), new RuntimeApiHandler(runtime, startMillis));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
        String text = line.toString(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        boolean quit = false;
        for (String command : text.split(";")) {
            String normalized = String.join(" ", command.trim().split("\\s+"));
            if (normalized.isEmpty()) {
                continue;
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
    }

    private static void usage(StringBuilder out, String header) {
        out.append(header);
        for (String usage : COMMANDS.values()) {
            out.append("  ").append(usage).append('\n');
        }
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
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
