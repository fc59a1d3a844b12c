package dev.bascule.transport.netty.testing;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.util.ArrayList;
import java.util.List;

/**
 * An allocator that remembers every buffer it gave, so that a test can check at once, without
 * waiting for the garbage collector, that all of them were released. Its buffers are unpooled: a
 * released buffer keeps a reference count of 0 instead of going back to a pool and being handed
 * out again. Direct buffers (the default) are still tracked by Netty's leak detector.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {
    private final ByteBufAllocator delegate = new UnpooledByteBufAllocator(true);
    private final List<ByteBuf> allocated = new ArrayList<>();

    public TrackingAllocator() {
        super(true);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private ByteBuf track(ByteBuf buffer) {
        allocated.add(buffer);
        return buffer;
    }

    /** How many buffers were given. */
    public int allocations() {
        return allocated.size();
    }

    /** The buffers given whose reference count is not 0 yet, described for a failure message. */
    public List<String> unreleased() {
        List<String> unreleased = new ArrayList<>();
        for (int i = 0; i < allocated.size(); i++) {
            ByteBuf buffer = allocated.get(i);
            if (buffer.refCnt() != 0) {
                unreleased.add("buffer #" + i + " of " + allocated.size() + ": refCnt " + buffer.refCnt() + ", "
                        + buffer.readableBytes() + " readable byte(s)");
            }
        }
        return unreleased;
    }
}
