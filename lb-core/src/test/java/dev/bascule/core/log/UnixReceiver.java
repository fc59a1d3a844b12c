package dev.bascule.core.log;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A bound AF_UNIX datagram socket that a test reads, as a syslog daemon's {@code /dev/log}. */
final class UnixReceiver implements AutoCloseable {
    static {
        Native.register(UnixReceiver.class, Platform.C_LIBRARY_NAME);
    }

    private static native int socket(int domain, int type, int protocol);

    private static native int bind(int fd, Memory address, int length);

    private static native int setsockopt(int fd, int level, int name, Memory value, int length);

    private static native long recv(int fd, Memory buffer, long length, int flags);

    private static native int close(int fd);

    private final int fd;
    private final Path path;
    private final Memory buffer = new Memory(70_000);

    /** Binds {@code path}, receiving with a {@code timeoutSeconds} timeout. */
    UnixReceiver(Path path, int timeoutSeconds) throws IOException {
        this.path = path;
        fd = socket(1, 2, 0);
        if (fd < 0) {
            throw new IOException("socket: errno " + Native.getLastError());
        }
        Memory address = new Memory(110);
        address.clear();
        address.setShort(0, (short) 1);
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        address.write(2, bytes, 0, bytes.length);
        if (bind(fd, address, 110) != 0) {
            int errno = Native.getLastError();
            close(fd);
            throw new IOException("bind " + path + ": errno " + errno);
        }
        Memory timeval = new Memory(16);
        timeval.clear();
        timeval.setLong(0, timeoutSeconds);
        setsockopt(fd, 1 /* SOL_SOCKET */, 20 /* SO_RCVTIMEO */, timeval, 16);
    }

    /** The next datagram, as bytes read as ISO-8859-1; fails after the timeout. */
    String receive() throws IOException {
        long length = recv(fd, buffer, buffer.size(), 0);
        if (length < 0) {
            throw new IOException("recv " + path + ": errno " + Native.getLastError());
        }
        return new String(buffer.getByteArray(0, (int) length), StandardCharsets.ISO_8859_1);
    }

    /** The next datagram, or null when none comes (non-blocking). */
    String poll() throws IOException {
        long length = recv(fd, buffer, buffer.size(), 0x40 /* MSG_DONTWAIT */);
        if (length < 0) {
            int errno = Native.getLastError();
            if (errno == UnixDatagram.EAGAIN) {
                return null;
            }
            throw new IOException("recv " + path + ": errno " + errno);
        }
        return new String(buffer.getByteArray(0, (int) length), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        close(fd);
        Files.deleteIfExists(path);
    }
}
