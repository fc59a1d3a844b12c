package dev.bascule.dist.reliability;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client connection on a raw socket to 127.0.0.1, for exact control of what is sent and when:
 * requests are written as bytes, responses parsed by hand (length, chunked or up to the close),
 * and an abort is a FIN ({@link #close}) or an RST ({@link #reset}, SO_LINGER 0).
 */
final class HttpConnection implements AutoCloseable {
    /** How much of a body a {@link Response} keeps as text. */
    private static final int KEPT = 4096;

    /**
     * A response as received: its status line, headers (names lower-cased, the last value of
     * each), the body's size and its first {@value KEPT} bytes, and whether the body was whole (a
     * close in the middle of a length or of the chunks makes it not).
     */
    record Response(String statusLine, Map<String, String> headers, long bodyBytes, String body, boolean complete) {
        int status() {
            String[] parts = statusLine.split(" ", 3);
            return parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
        }

        @Override
        public String toString() {
            return statusLine + (complete ? "" : " (body cut after " + bodyBytes + " bytes)");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int responses;

    private HttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:port; every read then gives up after {@code readTimeoutMillis}. */
    static HttpConnection open(int port, int readTimeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(readTimeoutMillis);
            socket.setTcpNoDelay(true);
            return new HttpConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** {@code GET path} with a Host header, and {@code Connection: close} when asked. */
    static String get(String path, boolean close) {
        return "GET " + path + " HTTP/1.1\r\nHost: reliability\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
    }

    /**
     * A whole POST request with a body of {@code size} bytes: with a Content-Length, or in chunks
     * of 16 KiB; {@code Connection: close} when asked.
     */
    static byte[] post(String path, int size, boolean chunked, boolean close) {
        java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream(size + 1024);
        String head = "POST " + path + " HTTP/1.1\r\nHost: reliability\r\n" + (close ? "Connection: close\r\n" : "")
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n") + "\r\n";
        request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        byte[] chunk = new byte[16 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (int left = size; left > 0; left -= chunk.length) {
            int length = Math.min(left, chunk.length);
            if (chunked) {
                request.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            request.write(chunk, 0, length);
            if (chunked) {
                request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        if (chunked) {
            request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return request.toByteArray();
    }

    /** How many responses this connection has read: a response on a reused connection has 1 or more before it. */
    int responses() {
        return responses;
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void send(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
    }

    /**
     * Sends a request on a thread of its own while this one reads the response, as a client
     * uploading a body must (a server may answer before the body ends, and a proxy that stops
     * reading must not block the client forever), then waits for the whole request to be written.
     * The write's failure is thrown after a response, the read's first.
     */
    Response exchange(byte[] request) throws IOException, InterruptedException {
        java.util.concurrent.FutureTask<Void> write = new java.util.concurrent.FutureTask<>(() -> {
            send(request);
            return null;
        });
        Thread writer = new Thread(write, "request-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            Response response = read();
            write.get(socket.getSoTimeout(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return response;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new SocketTimeoutException("the request was still being written after the response");
        } finally {
            if (!write.isDone()) {
                close();
            }
            writer.join(5_000);
        }
    }

    /**
     * Reads one response to a request that was not HEAD. {@link EOFException} when the
     * connection closes before the first byte of a status line.
     */
    Response read() throws IOException {
        String statusLine = line(true);
        while (statusLine.isEmpty()) {
            statusLine = line(true);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(false); !line.isEmpty(); line = line(false)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        int status = new Response(statusLine, headers, 0, "", true).status();
        if (status >= 100 && status < 200) {
            return read();
        }
        Body body = new Body();
        boolean complete;
        try {
            if (status == 204 || status == 304) {
                complete = true;
            } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
                complete = chunks(body);
            } else if (headers.containsKey("content-length")) {
                complete = body.copy(in, Long.parseLong(headers.get("content-length")));
            } else {
                body.copy(in, Long.MAX_VALUE);
                complete = true;
            }
        } catch (SocketTimeoutException stalled) {
            throw stalled;
        } catch (IOException cut) {
            // a reset in the middle of the body: the head came, the body is not whole
            complete = false;
        }
        responses++;
        return new Response(statusLine, headers, body.size, body.text(), complete);
    }

    /**
     * Whether the peer closes the connection within {@code millis}, once what was sent so far is
     * answered: true on EOF or RST, false when it stays open (the read times out).
     */
    boolean closedWithin(int millis) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** Reads and drops what the peer sends, up to {@code bytes} of it. */
    long skip(long bytes) throws IOException {
        Body body = new Body();
        body.copy(in, bytes);
        return body.size;
    }

    /** Sends a FIN: the peer reads the end of the stream, and may still write. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Aborts with an RST (SO_LINGER 0), whatever is in flight either way. */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        close();
    }

    /** An orderly close: a FIN when everything received was read (the kernel sends an RST when not). */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private boolean chunks(Body body) throws IOException {
        while (true) {
            String size;
            try {
                size = line(false);
            } catch (EOFException cut) {
                return false;
            }
            int extension = size.indexOf(';');
            long length = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
            if (length == 0) {
                try {
                    for (String trailer = line(false); !trailer.isEmpty(); trailer = line(false)) {
                        // trailers are dropped
                    }
                    return true;
                } catch (EOFException cut) {
                    return false;
                }
            }
            if (!body.copy(in, length)) {
                return false;
            }
            try {
                line(false);
            } catch (EOFException cut) {
                return false;
            }
        }
    }

    /** A line without its CRLF (or LF); {@link EOFException} at the end of the stream before its end. */
    private String line(boolean first) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(first && line.isEmpty() ? "closed before any response"
                        : "closed in the middle of a line: " + line);
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() > 64 * 1024) {
                throw new IOException("a line longer than 64 KiB");
            }
            line.append((char) b);
        }
    }

    /** Counts a body and keeps its beginning. */
    private static final class Body {
        private final byte[] buffer = new byte[64 * 1024];
        private final StringBuilder kept = new StringBuilder();
        private long size;

        /** Copies {@code length} bytes (or up to the end, for Long.MAX_VALUE); false when the stream ends first. */
        boolean copy(InputStream in, long length) throws IOException {
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return length == Long.MAX_VALUE;
                }
                if (kept.length() < KEPT) {
                    kept.append(new String(buffer, 0, Math.min(n, KEPT - kept.length()), StandardCharsets.ISO_8859_1));
                }
                size += n;
                left -= n;
            }
            return true;
        }

        String text() {
            return kept.toString();
        }
    }
}
