package dev.bascule.transport.netty;

import java.io.FileDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * Sockets inherited from the parent process ({@code bind fd@N}, HAProxy's test driver passes
 * its listening sockets this way). They arrive in blocking mode; an edge-triggered accept loop
 * on a blocking socket would block its event loop, so O_NONBLOCK is set first. The JDK has no
 * public API for that on a raw descriptor, hence {@code sun.nio.ch.IOUtil.configureBlocking},
 * opened by {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED}
 * (bin/bascule passes both).
 */
final class InheritedSockets {
    private InheritedSockets() {
    }

    static void setNonBlocking(int fd) throws ReflectiveOperationException {
        FileDescriptor descriptor = descriptor(fd);
        Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
        Method configureBlocking = ioUtil.getDeclaredMethod("configureBlocking", FileDescriptor.class, boolean.class);
        configureBlocking.setAccessible(true);
        configureBlocking.invoke(null, descriptor, false);
    }

    /**
     * The inherited listening socket as a JDK {@link ServerSocketChannel}, for the NIO transport:
     * the JDK can wrap a descriptor (as it does for {@code System.inheritedChannel()}) only
     * through its internal {@code ServerSocketChannelImpl} constructor.
     */
    static ServerSocketChannel adopt(int fd, boolean ipv6) throws ReflectiveOperationException {
        Class<?> type = Class.forName("sun.nio.ch.ServerSocketChannelImpl");
        Constructor<?> constructor = type.getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class,
                FileDescriptor.class, boolean.class);
        constructor.setAccessible(true);
        return (ServerSocketChannel) constructor.newInstance(SelectorProvider.provider(),
                ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET, descriptor(fd), true);
    }

    private static FileDescriptor descriptor(int fd) throws ReflectiveOperationException {
        FileDescriptor descriptor = new FileDescriptor();
        Field field = FileDescriptor.class.getDeclaredField("fd");
        field.setAccessible(true);
        field.setInt(descriptor, fd);
        return descriptor;
    }
}
