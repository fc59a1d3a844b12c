package dev.bascule.transport.netty.http;

import io.netty.handler.codec.DecoderException;

/** A message HAProxy would refuse, with the status it answers a client with (a server's gets 502). */
final class H1Exception extends DecoderException {
    private static final long serialVersionUID = 1L;

    private final int status;

    H1Exception(int status, String reason) {
        super(reason, null);
        this.status = status;
    }

    int status() {
        return status;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // an answer to bad input, not a bug: no stack to capture
        return this;
    }
}
